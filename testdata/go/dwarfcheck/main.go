// Command dwarfcheck reads an ELF file with Go's debug/elf and debug/dwarf and prints, as JSON,
// what godwarf's property tests compare with the program the file was linked from: every compile
// unit with its ranges and line rows, and every subprogram with code, with its variables, lexical
// blocks and inlined calls. Any error from debug/elf or debug/dwarf is fatal (exit status 1).
//
// Usage: dwarfcheck FILE
package main

import (
	"debug/dwarf"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// Output is the whole report.
type Output struct {
	Units []Unit `json:"units"`
}

// Unit is one compile unit.
type Unit struct {
	Name        string       `json:"name"`
	Offset      uint64       `json:"offset"`
	Ranges      [][2]uint64  `json:"ranges"`
	Subprograms []Subprogram `json:"subprograms"`
	Lines       []Row        `json:"lines"`
}

// Subprogram is a DW_TAG_subprogram with code (a low_pc).
type Subprogram struct {
	Name    string      `json:"name"`
	Offset  uint64      `json:"offset"`
	LowPC   uint64      `json:"lowpc"`
	HighPC  uint64      `json:"highpc"`
	Ranges  [][2]uint64 `json:"ranges"`
	Vars    []Var       `json:"vars"`
	Blocks  []Scope     `json:"blocks"`
	Inlined []Scope     `json:"inlined"`
	// Other children at any nesting: typedefs (Go's ".param<N>" dictionary types) and anything
	// else, by tag.
	Others   []Other `json:"others"`
	Abstract bool    `json:"abstractOrigin"`
	// OriginVars are the parameters and variables of the abstract origin, if any.
	OriginVars []OriginVar `json:"originVars,omitempty"`
}

// Other is a child DIE of a subprogram that is neither a variable nor a scope.
type Other struct {
	Tag   string `json:"tag"`
	Name  string `json:"name"`
	Scope string `json:"scope"`
}

// Var is a DW_TAG_formal_parameter or DW_TAG_variable anywhere under a subprogram. Its name and
// declaration line come from the DIE or, failing that, from its abstract origin.
type Var struct {
	Name     string `json:"name"`
	DeclLine int64  `json:"declLine,omitempty"`
	Param    bool   `json:"param"`
	// Scope is the index in Blocks or Inlined of the innermost enclosing one ("b3", "i0"), or ""
	// when the var is directly under the subprogram.
	Scope string `json:"scope"`
	// Inlined is the index in Inlined of the innermost enclosing inlined call, -1 if none.
	Inlined int `json:"inlined"`
	// Origin is the offset of its abstract origin, 0 if it has none.
	Origin uint64 `json:"origin,omitempty"`
}

// OriginVar is a parameter or variable child of an abstract origin (an abstract function).
type OriginVar struct {
	Name   string `json:"name"`
	Offset uint64 `json:"offset"`
	Param  bool   `json:"param"`
}

// Scope is a DW_TAG_lexical_block or DW_TAG_inlined_subroutine.
type Scope struct {
	// Parent is the enclosing scope ("b1", "i0") or "" for the subprogram.
	Parent string      `json:"parent"`
	Ranges [][2]uint64 `json:"ranges"`
	// For inlined calls: the callee's name (from the abstract origin), call file and line.
	Callee   string `json:"callee,omitempty"`
	CallFile int64  `json:"callFile,omitempty"`
	CallLine int64  `json:"callLine,omitempty"`
	// OriginVars are the parameters and variables of the callee's abstract function.
	OriginVars []OriginVar `json:"originVars,omitempty"`
}

// Row is one line-table row.
type Row struct {
	Address     uint64 `json:"address"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	IsStmt      bool   `json:"isStmt"`
	EndSequence bool   `json:"endSequence"`
	PrologueEnd bool   `json:"prologueEnd"`
}

// node is an entry with its children.
type node struct {
	e        *dwarf.Entry
	children []*node
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "dwarfcheck: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: dwarfcheck FILE")
		os.Exit(2)
	}
	out, err := check(os.Args[1])
	if err != nil {
		fatalf("%s: %v", os.Args[1], err)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fatalf("%v", err)
	}
}

func check(path string) (*Output, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Every section's contents, decompressed where SHF_COMPRESSED.
	for _, s := range f.Sections {
		if s.Type == elf.SHT_NOBITS || s.Type == elf.SHT_NULL {
			continue
		}
		if _, err := s.Data(); err != nil {
			return nil, fmt.Errorf("section %s: %v", s.Name, err)
		}
	}
	if _, err := f.Symbols(); err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return nil, fmt.Errorf("symbols: %v", err)
	}
	d, err := f.DWARF()
	if err != nil {
		return nil, err
	}

	// Pass 1: every entry, by offset, with its children.
	byOff := map[dwarf.Offset]*node{}
	var roots []*node
	var stack []*node
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		if e.Tag == 0 {
			if len(stack) == 0 {
				return nil, fmt.Errorf("entry at %#x: null entry outside any DIE", e.Offset)
			}
			stack = stack[:len(stack)-1]
			continue
		}
		n := &node{e: e}
		byOff[e.Offset] = n
		if e.Tag == dwarf.TagCompileUnit {
			if len(stack) != 0 {
				return nil, fmt.Errorf("compile unit at %#x nested in another DIE", e.Offset)
			}
			roots = append(roots, n)
		} else {
			if len(stack) == 0 {
				return nil, fmt.Errorf("entry at %#x outside any compile unit", e.Offset)
			}
			p := stack[len(stack)-1]
			p.children = append(p.children, n)
		}
		if e.Children {
			stack = append(stack, n)
		}
	}
	// Every type reference resolves to a type debug/dwarf can read.
	for _, n := range byOff {
		if off, ok := n.e.Val(dwarf.AttrType).(dwarf.Offset); ok {
			if _, err := d.Type(off); err != nil {
				return nil, fmt.Errorf("type %#x of the entry at %#x: %v", off, n.e.Offset, err)
			}
		}
	}
	origin := func(e *dwarf.Entry) *dwarf.Entry {
		if off, ok := e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset); ok {
			if o := byOff[off]; o != nil {
				return o.e
			}
		}
		return nil
	}
	originVars := func(e *dwarf.Entry) []OriginVar {
		off, ok := e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset)
		if !ok || byOff[off] == nil {
			return nil
		}
		out := []OriginVar{}
		for _, k := range byOff[off].children {
			if k.e.Tag != dwarf.TagFormalParameter && k.e.Tag != dwarf.TagVariable {
				continue
			}
			name, _ := k.e.Val(dwarf.AttrName).(string)
			out = append(out, OriginVar{Name: name, Offset: uint64(k.e.Offset), Param: k.e.Tag == dwarf.TagFormalParameter})
		}
		return out
	}
	if err := checkOrigins(byOff); err != nil {
		return nil, err
	}
	attr := func(e *dwarf.Entry, a dwarf.Attr) any {
		if v := e.Val(a); v != nil {
			return v
		}
		if o := origin(e); o != nil {
			return o.Val(a)
		}
		return nil
	}
	ranges := func(e *dwarf.Entry) ([][2]uint64, error) {
		rs, err := d.Ranges(e)
		if err != nil {
			return nil, fmt.Errorf("ranges of the entry at %#x: %v", e.Offset, err)
		}
		out := make([][2]uint64, 0, len(rs))
		for _, x := range rs {
			out = append(out, [2]uint64{x[0], x[1]})
		}
		return out, nil
	}

	out := &Output{Units: []Unit{}}
	for _, cu := range roots {
		name, _ := cu.e.Val(dwarf.AttrName).(string)
		u := Unit{Name: name, Offset: uint64(cu.e.Offset), Subprograms: []Subprogram{}, Lines: []Row{}}
		if u.Ranges, err = ranges(cu.e); err != nil {
			return nil, err
		}
		if u.Lines, err = lineRows(d, cu.e); err != nil {
			return nil, fmt.Errorf("unit %s: line table: %v", name, err)
		}
		for _, c := range cu.children {
			if c.e.Tag != dwarf.TagSubprogram || c.e.Val(dwarf.AttrLowpc) == nil {
				continue
			}
			sp := Subprogram{
				Offset:  uint64(c.e.Offset),
				Vars:    []Var{},
				Blocks:  []Scope{},
				Inlined: []Scope{},
				Others:  []Other{},
			}
			sp.Name, _ = attr(c.e, dwarf.AttrName).(string)
			sp.Abstract = c.e.Val(dwarf.AttrAbstractOrigin) != nil
			sp.OriginVars = originVars(c.e)
			sp.LowPC, _ = c.e.Val(dwarf.AttrLowpc).(uint64)
			switch hi := c.e.Val(dwarf.AttrHighpc).(type) {
			case uint64:
				sp.HighPC = hi
			case int64:
				sp.HighPC = sp.LowPC + uint64(hi)
			default:
				return nil, fmt.Errorf("subprogram %s at %#x: high_pc of class %T", sp.Name, c.e.Offset, hi)
			}
			if sp.Ranges, err = ranges(c.e); err != nil {
				return nil, err
			}
			var walk func(n *node, scope string, inl int) error
			walk = func(n *node, scope string, inl int) error {
				for _, k := range n.children {
					switch k.e.Tag {
					case dwarf.TagFormalParameter, dwarf.TagVariable:
						v := Var{Param: k.e.Tag == dwarf.TagFormalParameter, Scope: scope, Inlined: inl}
						v.Name, _ = attr(k.e, dwarf.AttrName).(string)
						v.DeclLine, _ = attr(k.e, dwarf.AttrDeclLine).(int64)
						if o, ok := k.e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset); ok {
							v.Origin = uint64(o)
						}
						sp.Vars = append(sp.Vars, v)
					case dwarf.TagLexDwarfBlock:
						rs, err := ranges(k.e)
						if err != nil {
							return err
						}
						sp.Blocks = append(sp.Blocks, Scope{Parent: scope, Ranges: rs})
						if err := walk(k, fmt.Sprintf("b%d", len(sp.Blocks)-1), inl); err != nil {
							return err
						}
					case dwarf.TagInlinedSubroutine:
						rs, err := ranges(k.e)
						if err != nil {
							return err
						}
						s := Scope{Parent: scope, Ranges: rs, OriginVars: originVars(k.e)}
						s.Callee, _ = attr(k.e, dwarf.AttrName).(string)
						s.CallFile, _ = k.e.Val(dwarf.AttrCallFile).(int64)
						s.CallLine, _ = k.e.Val(dwarf.AttrCallLine).(int64)
						sp.Inlined = append(sp.Inlined, s)
						i := len(sp.Inlined) - 1
						if err := walk(k, fmt.Sprintf("i%d", i), i); err != nil {
							return err
						}
					default:
						name, _ := attr(k.e, dwarf.AttrName).(string)
						sp.Others = append(sp.Others, Other{Tag: k.e.Tag.String(), Name: name, Scope: scope})
					}
				}
				return nil
			}
			if err := walk(c, "", -1); err != nil {
				return nil, err
			}
			u.Subprograms = append(u.Subprograms, sp)
		}
		out.Units = append(out.Units, u)
	}
	return out, nil
}

// checkOrigins: every abstract origin names an entry, and a subprogram's or an inlined call's
// origin is a subprogram, a variable's a variable, a parameter's a parameter.
func checkOrigins(byOff map[dwarf.Offset]*node) error {
	for off, n := range byOff {
		v := n.e.Val(dwarf.AttrAbstractOrigin)
		if v == nil {
			continue
		}
		to, ok := v.(dwarf.Offset)
		if !ok {
			return fmt.Errorf("entry at %#x: abstract_origin of class %T", off, v)
		}
		o := byOff[to]
		if o == nil {
			return fmt.Errorf("entry at %#x: abstract_origin %#x names no entry", off, to)
		}
		want := n.e.Tag
		if want == dwarf.TagInlinedSubroutine {
			want = dwarf.TagSubprogram
		}
		if o.e.Tag != want {
			return fmt.Errorf("entry at %#x (%v): abstract_origin %#x is a %v", off, n.e.Tag, to, o.e.Tag)
		}
	}
	return nil
}

func lineRows(d *dwarf.Data, cu *dwarf.Entry) ([]Row, error) {
	lr, err := d.LineReader(cu)
	if err != nil {
		return nil, err
	}
	rows := []Row{}
	if lr == nil {
		return rows, nil
	}
	var le dwarf.LineEntry
	for {
		if err := lr.Next(&le); err != nil {
			if err == io.EOF {
				break
			}
			return nil, err
		}
		file := ""
		if le.File != nil {
			file = le.File.Name
		}
		rows = append(rows, Row{
			Address:     le.Address,
			File:        file,
			Line:        le.Line,
			IsStmt:      le.IsStmt,
			EndSequence: le.EndSequence,
			PrologueEnd: le.PrologueEnd,
		})
	}
	return rows, nil
}
