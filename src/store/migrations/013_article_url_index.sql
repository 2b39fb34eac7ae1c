-- Zhaji library: finding an article by its link.
-- Append-only: once landed, this file never changes.

-- A link captured again updates the article captured from it, or the one whose canonical link
-- it is (`source` has its index since version 1): without this, each capture scanned every article.
CREATE INDEX article_by_url ON article(url);
