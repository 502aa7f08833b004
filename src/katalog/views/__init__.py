"""Danish view models the site and the booklet share: fact boxes, results, exports, selections."""
