module github.com/dateline-news/dateline/bench/ner

go 1.26.8

require (
	github.com/dateline-news/dateline v0.0.0
	github.com/jdkato/prose/v3 v3.2.3
)

require gopkg.in/neurosnap/sentences.v1 v1.0.6 // indirect

replace github.com/dateline-news/dateline => ../..
