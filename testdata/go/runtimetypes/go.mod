module example.com/runtimetypes

go 1.26
