package article

import "errors"

// Errors returned by Extract, ExtractWithContentType and Fetch. They are
// wrapped with detail; test with errors.Is.
var (
	// ErrNotHTML: the body is empty, binary, or of a non-HTML type.
	ErrNotHTML = errors.New("article: not an HTML page")
	// ErrNoArticle: the page parsed but holds no article text (an index
	// page, an error page, a login or paywall).
	ErrNoArticle = errors.New("article: no article found")
	// ErrTooLarge: the body or its tree exceeds the size limits.
	ErrTooLarge = errors.New("article: page too large")
	// ErrTimeout: the time budget (the context deadline) ran out.
	ErrTimeout = errors.New("article: extraction timed out")
)

// ErrIncomplete is returned by Fetch together with a non-nil Article
// when a later page of a multi-page article could not be fetched or
// extracted: the article holds the pages that could.
var ErrIncomplete = errors.New("article: some pages of the article are missing")
