// The browser bundle of the /admin/ page: Sveltia CMS from its npm build, which sets window.CMS.
// esbuild bundles it with every chunk and locale it loads, so nothing comes from a CDN; its fonts
// are copied beside the bundle by katalog.cms.
import "@sveltia/cms";
