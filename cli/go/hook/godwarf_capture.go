// godwarf capture hook: added to cmd/compile/internal/dwarfgen by an overlay that godwarf
// generates at capture time (cli/go/instrument.ts); gc.Main's
//
//	base.Ctxt.DebugInfo = dwarfgen.Info
//	base.Ctxt.GenAbstractFunc = dwarfgen.AbstractFunc
//
// become GodwarfInfo and GodwarfAbstractFunc. They record what Info and AbstractFunc are GIVEN
// (each function's declarations, scope marks, inlining tree, progs, SSA debug info with its
// location lists resolved to PCs) before calling the real ones, never what they return. At exit the
// package's globals, integer constants, flags, file table and the types table (godwarf_types.go:
// every type those name, from the *types.Type itself) are added and the program IR
// (compiler/ir.ts) is written to $GODWARF_CAPTURE_OUT.

package dwarfgen

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"

	"cmd/compile/internal/base"
	"cmd/compile/internal/ir"
	"cmd/compile/internal/ssa"
	"cmd/compile/internal/ssagen"
	"cmd/compile/internal/typecheck"
	"cmd/compile/internal/types"
	"cmd/internal/dwarf"
	"cmd/internal/obj"
	"cmd/internal/objabi"
	"cmd/internal/src"
	"internal/buildcfg"
)

type gdPos struct {
	File int  `json:"file"`
	Line uint `json:"line"`
	Col  uint `json:"col"`
	Inl  int  `json:"inl"`
	// The lico's line and column (Pos.Line, Pos.Col), which Pos.Before compares, when a //line
	// directive makes them differ from RelLine and RelCol.
	AbsLine *uint `json:"absLine,omitempty"`
	AbsCol  *uint `json:"absCol,omitempty"`
}

type gdProg struct {
	Pc          int64  `json:"pc"`
	Pos         gdPos  `json:"pos"`
	Stmt        string `json:"stmt"`
	PrologueEnd bool   `json:"prologueEnd,omitempty"`
}

type gdInl struct {
	Parent int    `json:"parent"`
	Pos    gdPos  `json:"pos"`
	Func   string `json:"func"`
}

type gdMark struct {
	Pos   gdPos `json:"pos"`
	Scope int   `json:"scope"`
}

type gdDecl struct {
	Name                   string `json:"name"`
	Class                  string `json:"class"`
	Type                   string `json:"type"`
	Pos                    gdPos  `json:"pos"`
	ScopePos               *gdPos `json:"scopePos,omitempty"`
	Used                   *bool  `json:"used,omitempty"`
	FrameOffset            int64  `json:"frameOffset"`
	AutoTmp                bool   `json:"autoTmp,omitempty"`
	WantedForDebug         *bool  `json:"wantedForDebug,omitempty"`
	CanSSA                 *bool  `json:"canSSA,omitempty"`
	OutputParamInRegisters bool   `json:"outputParamInRegisters,omitempty"`
	InlFormal              bool   `json:"inlFormal,omitempty"`
	InlLocal               bool   `json:"inlLocal,omitempty"`
	HeapAddrFrameOffset    *int64 `json:"heapAddrFrameOffset,omitempty"`
	Untyped                bool   `json:"untyped,omitempty"`
	DictIndex              uint16 `json:"dictIndex,omitempty"`
	ParamOrder             int    `json:"paramOrder,omitempty"`
	SSAType                bool   `json:"ssaType,omitempty"`
	Size                   *int64 `json:"size,omitempty"`
}

type gdLocEntry struct {
	Start int64  `json:"start"`
	End   int64  `json:"end"`
	Expr  string `json:"expr"`
}

type gdDebugVar struct {
	Decl        int          `json:"decl"`
	Slots       []int        `json:"slots,omitempty"`
	StackOffset int32        `json:"stackOffset"`
	List        []gdLocEntry `json:"list"`
}

type gdDebug struct {
	Vars            []gdDebugVar `json:"vars"`
	RegOutputParams []int        `json:"regOutputParams,omitempty"`
	OptDcl          []int        `json:"optDcl,omitempty"`
	DebugDcl        []gdDecl     `json:"debugDcl,omitempty"`
}

type gdClosureVar struct {
	Decl   int   `json:"decl"`
	Offset int64 `json:"offset"`
}

type gdFunc struct {
	Name        string         `json:"name"`
	ABI         string         `json:"abi"`
	Wrapper     bool           `json:"wrapper,omitempty"`
	Static      bool           `json:"static,omitempty"`
	StartLine   int32          `json:"startLine"`
	Pos         gdPos          `json:"pos"`
	Size        int64          `json:"size"`
	Dcl         []gdDecl       `json:"dcl"`
	WasInlined  bool           `json:"wasInlined,omitempty"`
	InlDcl      *[]gdDecl      `json:"inlDcl,omitempty"`
	ClosureVars []gdClosureVar `json:"closureVars,omitempty"`
	Parents     []int          `json:"parents,omitempty"`
	Marks       []gdMark       `json:"marks,omitempty"`
	InlTree     []gdInl        `json:"inlTree,omitempty"`
	Progs       []gdProg       `json:"progs"`
	Debug       *gdDebug       `json:"debug,omitempty"`
	Autot       []string       `json:"autot,omitempty"`
	AutoTypes   []string       `json:"autoTypes,omitempty"`
	// base.Ctxt.DwTextCount as dwarfgen runs for the function: the functions prepareFunc has
	// counted so far (gc.Main compiles in rounds; wrappers made later see a larger count).
	DwTextCount int `json:"dwTextCount"`
}

type gdImport struct {
	Name   string   `json:"name"`
	Pos    gdPos    `json:"pos"`
	InlDcl []gdDecl `json:"inlDcl"`
	Static bool     `json:"static,omitempty"`
}

type gdGlobal struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Local bool   `json:"local,omitempty"`
}

type gdConst struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

type gdProgram struct {
	IrVersion    int                `json:"irVersion"`
	Toolchain    string             `json:"toolchain"`
	Package      map[string]string  `json:"package"`
	Goos         string             `json:"goos"`
	Goarch       string             `json:"goarch"`
	DwarfVersion int                `json:"dwarfVersion"`
	Flags        map[string]any     `json:"flags"`
	Files        []string           `json:"files"`
	Functions    []*gdFunc          `json:"functions"`
	Imports      []*gdImport        `json:"imports,omitempty"`
	Globals      []gdGlobal         `json:"globals,omitempty"`
	Constants    []gdConst          `json:"constants,omitempty"`
	Types        map[string]*gdType `json:"types"`
}

var godwarfState struct {
	sync.Mutex
	// base.Flag.GenDwarfInl when the first function is described (gc.Main zeroes it after the
	// fixup table's Finalize); -1 before.
	genDwarfInl int
	funcs       []*gdFunc
	// each described function's text symbol, to write them in base.Ctxt.Text's order: the
	// backend compiles functions concurrently, so the order they are described in varies
	fnsyms   map[*gdFunc]*obj.LSym
	abstract []*gdImport
	absSeen  map[string]bool
}

func init() {
	godwarfState.genDwarfInl = -1
	if os.Getenv("GODWARF_CAPTURE_OUT") != "" {
		base.AtExit(godwarfWrite)
	}
}

// gdFileIndex is pos.FileIndex(), -1 for an unknown position.
func gdFileIndex(p src.Pos) (i int) {
	defer func() {
		if recover() != nil {
			i = -1
		}
	}()
	return p.FileIndex()
}

// gdInlMap numbers the global inlining indices a function uses (base.Ctxt.InlTree) from 0, in
// their global order, so that the function's inlTree is its own.
type gdInlMap struct {
	used  map[int]bool
	local map[int]int
}

func (m *gdInlMap) use(ii int) {
	for ii >= 0 && !m.used[ii] {
		m.used[ii] = true
		if cp := posInlIndex(base.Ctxt.InlTree.CallPos(ii)); cp >= 0 {
			m.use(cp)
		}
		ii = base.Ctxt.InlTree.Parent(ii)
	}
}

func (m *gdInlMap) pos(x src.XPos) gdPos {
	p := base.Ctxt.InnermostPos(x)
	if !p.IsKnown() {
		p = src.Pos{}
	}
	fi := gdFileIndex(p)
	if fi < 0 {
		fi = 0
	}
	inl := -1
	if m != nil {
		if ii := posInlIndex(x); ii >= 0 {
			inl = m.local[ii]
		}
	}
	r := gdPos{File: fi, Line: p.RelLine(), Col: p.RelCol(), Inl: inl}
	if l, c := p.Line(), p.Col(); l != r.Line || c != r.Col {
		r.AbsLine, r.AbsCol = &l, &c
	}
	return r
}

// gdTypeName is types.TypeSymName; untyped types (which it would size) by their String.
func gdTypeName(t *types.Type) string {
	if t.IsUntyped() {
		return t.String()
	}
	return types.TypeSymName(t)
}

func gdBool(b bool) *bool { return &b }

func gdClass(n *ir.Name) string {
	switch n.Class {
	case ir.PAUTO:
		return "auto"
	case ir.PPARAM:
		return "param"
	case ir.PPARAMOUT:
		return "result"
	}
	return ""
}

// gdClassName names every class a recorded name can have: gdClass's three, and the others a
// debug variable can be (a heap-moved local of an inlined body is PAUTOHEAP).
func gdClassName(n *ir.Name) string {
	switch n.Class {
	case ir.PAUTOHEAP:
		return "autoheap"
	case ir.PEXTERN:
		return "extern"
	case ir.PFUNC:
		return "func"
	}
	return gdClass(n)
}

func gdDeclOf(n *ir.Name, m *gdInlMap, paramOrder map[*ir.Name]int) gdDecl {
	gdTypes.note(n.Type())
	d := gdDecl{
		Name:                   n.Sym().Name,
		Class:                  gdClassName(n),
		Type:                   gdTypeName(n.Type()),
		Pos:                    m.pos(n.Pos()),
		FrameOffset:            n.FrameOffset(),
		AutoTmp:                ir.IsAutoTmp(n),
		InlFormal:              n.InlFormal(),
		InlLocal:               n.InlLocal(),
		Untyped:                n.Type().IsUntyped(),
		DictIndex:              n.DictIndex,
		ParamOrder:             paramOrder[n],
		SSAType:                n.Type().Kind() == types.TSSA,
		OutputParamInRegisters: n.IsOutputParamInRegisters(),
	}
	if c := n.Canonical(); c != n && c.Pos() != n.Pos() {
		sp := m.pos(c.Pos())
		d.ScopePos = &sp
	}
	if !n.Used() && n.Class == ir.PAUTO {
		d.Used = gdBool(false)
	}
	if !ssa.IsVarWantedForDebug(n) {
		d.WantedForDebug = gdBool(false)
	}
	if !d.Untyped && !ssa.CanSSA(n.Type()) {
		d.CanSSA = gdBool(false)
	}
	if n.Esc() == ir.EscHeap && n.Heapaddr != nil {
		off := n.Heapaddr.FrameOffset()
		d.HeapAddrFrameOffset = &off
	}
	if !d.Untyped {
		types.CalcSize(n.Type())
		sz := n.Type().Size()
		d.Size = &sz
	}
	return d
}

// gdParamOrder is sortDeclsAndVars' paramOrder: the signature's names, from 1.
func gdParamOrder(fn *ir.Func) map[*ir.Name]int {
	paramOrder := map[*ir.Name]int{}
	if fn.Type() != nil {
		idx := 1
		for _, f := range fn.Type().RecvParamsResults() {
			if n, ok := f.Nname.(*ir.Name); ok {
				paramOrder[n] = idx
				idx++
			}
		}
	}
	return paramOrder
}

func gdUseDecl(n *ir.Name, m *gdInlMap) {
	m.use(posInlIndex(n.Pos()))
	m.use(posInlIndex(n.Canonical().Pos()))
}

// GodwarfInfo records what dwarfgen.Info is given for a compiled function, then calls it.
func GodwarfInfo(ctxt *obj.Link, fnsym *obj.LSym, infosym *obj.LSym, curfn obj.Func) ([]dwarf.Scope, dwarf.InlCalls) {
	if os.Getenv("GODWARF_CAPTURE_OUT") != "" && infosym.Name == "" {
		if fn, ok := curfn.(*ir.Func); ok {
			f := godwarfFunc(fnsym, fn)
			godwarfState.Lock()
			if godwarfState.genDwarfInl < 0 {
				godwarfState.genDwarfInl = base.Flag.GenDwarfInl
			}
			godwarfState.funcs = append(godwarfState.funcs, f)
			if godwarfState.fnsyms == nil {
				godwarfState.fnsyms = map[*gdFunc]*obj.LSym{}
			}
			godwarfState.fnsyms[f] = fnsym
			godwarfState.Unlock()
		}
	}
	return Info(ctxt, fnsym, infosym, curfn)
}

func godwarfFunc(fnsym *obj.LSym, fn *ir.Func) *gdFunc {
	fi := fnsym.Func()
	m := &gdInlMap{used: map[int]bool{}, local: map[int]int{}}
	var debug *ssa.FuncDebug
	if fn.DebugInfo != nil {
		debug, _ = fn.DebugInfo.(*ssa.FuncDebug)
	}

	// Every inlining index the function's positions use, then their local numbering.
	for p := fi.Text; p != nil; p = p.Link {
		m.use(posInlIndex(p.Pos))
	}
	for _, n := range fn.Dcl {
		gdUseDecl(n, m)
	}
	if debug != nil {
		for _, n := range debug.Vars {
			gdUseDecl(n, m)
		}
		for _, n := range debug.OptDcl {
			gdUseDecl(n, m)
		}
		for _, n := range debug.RegOutputParams {
			gdUseDecl(n, m)
		}
	}
	for _, mk := range fn.Marks {
		m.use(posInlIndex(mk.Pos))
	}
	var globals []int
	for ii := range m.used {
		globals = append(globals, ii)
	}
	sort.Ints(globals)
	for i, ii := range globals {
		m.local[ii] = i
	}

	paramOrder := gdParamOrder(fn)

	f := &gdFunc{
		Name:        fnsym.Name,
		ABI:         "ABIInternal",
		Wrapper:     fnsym.Wrapper(),
		Static:      fnsym.Static(),
		StartLine:   fi.StartLine,
		Pos:         m.pos(fn.Pos()),
		Size:        fnsym.Size,
		Dcl:         []gdDecl{},
		WasInlined:  fnsym.WasInlined(),
		Progs:       []gdProg{},
		DwTextCount: base.Ctxt.DwTextCount,
	}
	if fnsym.ABI() == obj.ABI0 {
		f.ABI = "ABI0"
	}
	for _, ii := range globals {
		f.InlTree = append(f.InlTree, gdInl{
			Parent: func() int {
				if p := base.Ctxt.InlTree.Parent(ii); p >= 0 {
					return m.local[p]
				}
				return -1
			}(),
			Pos:  m.pos(base.Ctxt.InlTree.CallPos(ii)),
			Func: base.Ctxt.InlTree.InlinedFunction(ii).Name,
		})
	}

	// fn.Dcl (ONAMEs of the classes Info looks at), then the names cut off it that the debug info
	// still names: those are listed in optDcl so that Info's walk over fn.Dcl skips them.
	index := map[*ir.Name]int{}
	var cut []int
	add := func(n *ir.Name, inDcl bool) int {
		if i, ok := index[n]; ok {
			return i
		}
		i := len(f.Dcl)
		index[n] = i
		f.Dcl = append(f.Dcl, gdDeclOf(n, m, paramOrder))
		if !inDcl {
			cut = append(cut, i)
		}
		return i
	}
	for _, n := range fn.Dcl {
		if n.Op() != ir.ONAME || gdClass(n) == "" {
			continue
		}
		add(n, true)
	}
	if debug != nil {
		d := &gdDebug{Vars: []gdDebugVar{}}
		for _, n := range debug.OptDcl {
			if n.Op() == ir.ONAME && gdClass(n) != "" {
				add(n, false)
			}
		}
		for _, n := range debug.RegOutputParams {
			d.RegOutputParams = append(d.RegOutputParams, add(n, false))
		}
		// Vars SSA tracked that are not in fn.Dcl (inlined bodies' names) go to debugDcl.
		extra := map[*ir.Name]int{}
		for varID, n := range debug.Vars {
			i, ok := index[n]
			if !ok {
				if j, ok2 := extra[n]; ok2 {
					i = j
				} else {
					// Indices past dcl; fixed up below once dcl is complete.
					i = -1 - len(d.DebugDcl)
					extra[n] = i
					d.DebugDcl = append(d.DebugDcl, gdDeclOf(n, m, paramOrder))
				}
			}
			dv := gdDebugVar{Decl: i, List: []gdLocEntry{}}
			if slots := debug.VarSlots[varID]; len(slots) > 0 {
				dv.StackOffset = ssagen.StackOffset(debug.Slots[slots[0]])
			}
			// The names of the var's slots (a split var's pieces, "err.data"), which
			// createComplexVars also counts as described: those in the dcl list.
			for _, slot := range debug.VarSlots[varID] {
				if sn := debug.Slots[slot].N; sn != nil && sn != n {
					if j, ok := index[sn]; ok {
						dv.Slots = append(dv.Slots, j)
					}
				}
			}
			if varID < len(debug.LocationLists) {
				dv.List = gdDecodeList(debug, debug.LocationLists[varID])
			}
			d.Vars = append(d.Vars, dv)
		}
		for k := range d.Vars {
			if d.Vars[k].Decl < 0 {
				d.Vars[k].Decl = len(f.Dcl) + (-1 - d.Vars[k].Decl)
			}
		}
		f.Debug = d
	}
	if len(cut) > 0 {
		if f.Debug == nil {
			f.Debug = &gdDebug{Vars: []gdDebugVar{}}
		}
		f.Debug.OptDcl = cut
	}

	if fn.Needctxt() {
		csiter := typecheck.NewClosureStructIter(fn.ClosureVars)
		for {
			n, _, offset := csiter.Next()
			if n == nil {
				break
			}
			if i, ok := index[n]; ok {
				f.ClosureVars = append(f.ClosureVars, gdClosureVar{Decl: i, Offset: offset})
			}
			if n.Heapaddr != nil {
				if i, ok := index[n.Heapaddr]; ok {
					f.ClosureVars = append(f.ClosureVars, gdClosureVar{Decl: i, Offset: offset})
				}
			}
		}
	}

	for _, p := range fn.Parents {
		f.Parents = append(f.Parents, int(p))
	}
	for _, mk := range fn.Marks {
		f.Marks = append(f.Marks, gdMark{Pos: m.pos(mk.Pos), Scope: int(mk.Scope)})
	}

	for p := fi.Text; p != nil; p = p.Link {
		g := gdProg{Pc: p.Pc - fi.Text.Pc, Pos: m.pos(p.Pos), Stmt: "default"}
		switch p.Pos.IsStmt() {
		case src.PosIsStmt:
			g.Stmt = "is"
		case src.PosNotStmt:
			g.Stmt = "not"
		}
		g.PrologueEnd = p.Pos.Xlogue() == src.PosPrologueEnd
		f.Progs = append(f.Progs, g)
	}

	// A function inlined somewhere in this package: its pre-inlining declarations (the precursor's
	// Inl.Dcl), which preInliningDcls reads.
	if fnsym.WasInlined() && base.Ctxt.DwFixups != nil {
		if ifn, ok := base.Ctxt.DwFixups.GetPrecursorFunc(fnsym).(*ir.Func); ok && ifn != nil && ifn.Inl != nil {
			d := gdInlDcl(ifn)
			f.InlDcl = &d
		}
	}

	for t := range fi.Autot {
		f.Autot = append(f.Autot, strings.TrimPrefix(t.Name, "type:"))
		gdTypes.noteSym(t)
	}
	sort.Strings(f.Autot)
	for i := range fnsym.R {
		r := &fnsym.R[i]
		if r.Type == objabi.R_USEIFACE && r.Sym != nil && !strings.HasPrefix(r.Sym.Name, "go:itab.") {
			f.AutoTypes = append(f.AutoTypes, strings.TrimPrefix(r.Sym.Name, "type:"))
			gdTypes.noteSym(r.Sym)
		}
	}
	return f
}

// gdDecodeList resolves an intermediate location list (ssa/debug.go's layout: begin and end
// words holding block and value IDs, a 2-byte length, the expression) to PCs with GetPC.
func gdDecodeList(debug *ssa.FuncDebug, list []byte) []gdLocEntry {
	out := []gdLocEntry{}
	ps := base.Ctxt.Arch.PtrSize
	bo := base.Ctxt.Arch.ByteOrder
	for i := 0; i+2*ps+2 <= len(list); {
		word := func(b []byte) uint64 {
			if ps == 8 {
				return bo.Uint64(b)
			}
			return uint64(bo.Uint32(b))
		}
		dec := func(w uint64) (ssa.ID, ssa.ID) {
			if ps == 8 {
				return ssa.ID(w >> 32), ssa.ID(int32(w))
			}
			return ssa.ID(w >> 16), ssa.ID(int16(w))
		}
		begin := debug.GetPC(dec(word(list[i:])))
		end := debug.GetPC(dec(word(list[i+ps:])))
		i += 2 * ps
		n := int(bo.Uint16(list[i:]))
		i += 2
		out = append(out, gdLocEntry{Start: begin, End: end, Expr: fmt.Sprintf("%x", list[i:i+n])})
		i += n
	}
	return out
}

// GodwarfAbstractFunc records the precursor (the pre-inlining function) AbstractFunc is given.
func GodwarfAbstractFunc(fn *obj.LSym) {
	if os.Getenv("GODWARF_CAPTURE_OUT") != "" {
		if ifn, ok := base.Ctxt.DwFixups.GetPrecursorFunc(fn).(*ir.Func); ok && ifn != nil {
			imp := &gdImport{Name: fn.Name, Pos: (*gdInlMap)(nil).pos(ifn.Pos()), InlDcl: gdInlDcl(ifn), Static: fn.Static()}
			godwarfState.Lock()
			godwarfState.abstract = append(godwarfState.abstract, imp)
			godwarfState.Unlock()
		}
	}
	AbstractFunc(fn)
}

// godwarfFlags: the flags RecordFlags looks at (and -gendwarfinl) that differ from their
// defaults, as the IR's IrFlags spells them (-B is a count flag in Go, a bool in the IR).
// gdInlDcl: fn.Inl.Dcl, the pre-inlining declarations.
func gdInlDcl(ifn *ir.Func) []gdDecl {
	out := []gdDecl{}
	if ifn.Inl == nil {
		return out
	}
	m := &gdInlMap{used: map[int]bool{}, local: map[int]int{}}
	order := gdParamOrder(ifn)
	for _, n := range ifn.Inl.Dcl {
		d := gdDeclOf(n, m, order)
		d.Pos.Inl = -1
		if d.ScopePos != nil {
			d.ScopePos.Inl = -1
		}
		out = append(out, d)
	}
	return out
}

func godwarfFlags() map[string]any {
	out := map[string]any{}
	for _, name := range []string{"B", "N", "l", "msan", "race", "asan", "shared", "dynlink", "dwarf", "dwarflocationlists", "dwarfbasentries", "smallframes", "spectre"} {
		f := flag.Lookup(name)
		if f == nil {
			continue
		}
		g, ok := f.Value.(flag.Getter)
		if !ok {
			continue
		}
		v := g.Get()
		if name == "l" {
			// gc.Main rewrote -l after recording it: 0 <-> 1.
			if l, ok := v.(int); ok && l <= 1 {
				v = 1 - l
			}
		}
		if fmt.Sprint(v) == f.DefValue {
			continue
		}
		if name == "B" {
			if b, ok := v.(int); ok {
				v = b != 0
			}
		}
		out[name] = v
	}
	// The effective -gendwarfinl (ParseFlags makes its default 2; no DWARF turns it off).
	if g := godwarfState.genDwarfInl; g >= 0 && g != 2 {
		out["gendwarfinl"] = g
	}
	return out
}

func godwarfWrite() {
	path := os.Getenv("GODWARF_CAPTURE_OUT")
	if path == "" || base.Errors() > 0 || base.Ctxt.Pkgpath == "" {
		return
	}
	godwarfState.Lock()
	defer godwarfState.Unlock()
	dv := 4
	if buildcfg.Experiment.Dwarf5 {
		dv = 5
	}
	prog := &gdProgram{
		IrVersion:    1,
		Toolchain:    "go1.26",
		Package:      map[string]string{"path": base.Ctxt.Pkgpath, "name": types.LocalPkg.Name},
		Goos:         buildcfg.GOOS,
		Goarch:       buildcfg.GOARCH,
		DwarfVersion: dv,
		Flags:        godwarfFlags(),
		Files:        base.Ctxt.PosTable.FileTable(),
		Functions:    append([]*gdFunc{}, godwarfState.funcs...),
	}
	textIndex := map[*obj.LSym]int{}
	for i, s := range base.Ctxt.Text {
		textIndex[s] = i
	}
	sort.SliceStable(prog.Functions, func(i, j int) bool {
		return gdTextIndex(textIndex, prog.Functions[i]) < gdTextIndex(textIndex, prog.Functions[j])
	})
	byName := map[string]*gdFunc{}
	for _, f := range prog.Functions {
		byName[f.Name] = f
	}
	for _, a := range godwarfState.abstract {
		if f := byName[a.Name]; f != nil && f.InlDcl != nil {
			continue
		}
		prog.Imports = append(prog.Imports, a)
	}
	var roots []*types.Type
	for _, n := range typecheck.Target.Externs {
		if n.Sym() == nil || n.Sym().Pkg != types.LocalPkg || n.Type() == nil {
			continue
		}
		switch n.Op() {
		case ir.OTYPE:
			// The package's own types, whose descriptors gc.Main writes (addsignats) whether or
			// not anything here names them.
			roots = append(roots, n.Type())
		case ir.ONAME:
			if n.Class == ir.PFUNC || n.CoverageAuxVar() {
				continue
			}
			prog.Globals = append(prog.Globals, gdGlobal{Name: n.Linksym().Name, Type: types.TypeSymName(n.Type()), Local: n.Linksym().Static()})
			roots = append(roots, n.Type())
		case ir.OLITERAL:
			t := n.Type()
			if !t.IsInteger() {
				continue
			}
			v := n.Val()
			typ := "untyped int"
			vt := t
			if !t.IsUntyped() {
				typ = types.TypeSymName(t)
				roots = append(roots, t)
			} else {
				vt = types.Types[types.TINT]
				if ir.ConstOverflow(v, vt) {
					continue
				}
				// Described as int (dumpGlobalConst).
				roots = append(roots, vt)
			}
			// The int64 Go writes (ir.IntVal); a decimal string beyond the safe-integer range.
			// An unsigned constant by its value (the IR's convention; Go writes the same bits).
			i := ir.IntVal(vt, v)
			var val any = i
			if vt.IsUnsigned() && i < 0 {
				val = fmt.Sprint(uint64(i))
			} else if i < -(1<<53)+1 || i > (1<<53)-1 {
				val = fmt.Sprint(i)
			}
			prog.Constants = append(prog.Constants, gdConst{Name: n.Sym().Name, Type: typ, Value: val})
		}
	}
	prog.Types = gdTypes.table(roots)
	b, err := json.Marshal(prog)
	if err == nil {
		err = os.WriteFile(path, b, 0o666)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "godwarf capture: %v\n", err)
		os.Exit(2)
	}
}

// gdTextIndex is f's text symbol's place in base.Ctxt.Text (the object's order); after them all
// when it has none.
func gdTextIndex(textIndex map[*obj.LSym]int, f *gdFunc) int {
	if i, ok := textIndex[godwarfState.fnsyms[f]]; ok {
		return i
	}
	return len(textIndex)
}
