// Material for MkDocs 9.8.1's partials/javascripts/content.html as a file (no inline script under the CSP).
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
