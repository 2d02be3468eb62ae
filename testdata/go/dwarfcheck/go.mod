module example.com/dwarfcheck

go 1.26
