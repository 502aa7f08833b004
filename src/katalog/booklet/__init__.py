"""The PDF booklet: Typst source from the records, pandoc for prose, compiled with Typst."""
