module github.com/dateline-news/dateline/bench/everyday

go 1.26.8
