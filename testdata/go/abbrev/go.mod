module example.com/abbrev

go 1.26
