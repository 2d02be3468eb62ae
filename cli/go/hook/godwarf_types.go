// godwarf capture hook, part two: the program IR's types table (compiler/ir.ts IrProgram.types).
// Added to package dwarfgen next to godwarf_capture.go (cli/go/instrument.ts). Every type the
// captured IR names (declarations as dwarfgen is given them, the type symbols of autot and of
// R_USEIFACE relocations, globals, constants, the package's own types) and every type those
// mention, each from the *types.Type itself: what cmd/link's defgotype decodes from the type
// descriptor the compiler writes for it (reflectdata.writeType), nothing more.

package dwarfgen

import (
	"sync"

	"cmd/compile/internal/reflectdata"
	"cmd/compile/internal/typecheck"
	"cmd/compile/internal/types"
	"cmd/internal/obj"
)

type gdField struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Offset   int64  `json:"offset"`
	Embedded bool   `json:"embedded,omitempty"`
}

type gdImethod struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Pkg  string `json:"pkg,omitempty"`
}

type gdType struct {
	Kind     string      `json:"kind"`
	Size     int64       `json:"size"`
	Named    bool        `json:"named,omitempty"`
	Elem     string      `json:"elem,omitempty"`
	Key      string      `json:"key,omitempty"`
	Len      *int64      `json:"len,omitempty"`
	Dir      string      `json:"dir,omitempty"`
	Fields   *[]gdField  `json:"fields,omitempty"`
	Params   *[]string   `json:"params,omitempty"`
	Results  *[]string   `json:"results,omitempty"`
	Variadic bool        `json:"variadic,omitempty"`
	Methods  *int        `json:"methods,omitempty"`
	Imethods []gdImethod `json:"imethods,omitempty"`
}

// gdTypes: the types the recorded functions name. The backend describes functions concurrently.
var gdTypes gdTypeRoots

type gdTypeRoots struct {
	sync.Mutex
	roots []*types.Type
}

func (r *gdTypeRoots) note(t *types.Type) {
	if t == nil {
		return
	}
	r.Lock()
	r.roots = append(r.roots, t)
	r.Unlock()
}

// noteSym notes the type behind a "type:" symbol (reflectdata.TypeLinksym keeps it in the
// symbol's TypeInfo).
func (r *gdTypeRoots) noteSym(s *obj.LSym) {
	if ti := s.TypeInfo(); ti != nil {
		if t, ok := ti.Type.(*types.Type); ok {
			r.note(t)
		}
	}
}

// gdCanon: the type TypeSymName spells (it collapses byte, rune and any to uint8, int32 and
// interface {}), whose Sym tells whether the named type is defined.
func gdCanon(t *types.Type) *types.Type {
	switch t {
	case types.ByteType:
		return types.Types[types.TUINT8]
	case types.RuneType:
		return types.Types[types.TINT32]
	case types.AnyType:
		return types.Types[types.TINTER]
	}
	return t
}

// gdKind is reflectdata.ABIKindOfType as the IR spells it (internal/abi.Kind's String, but
// "unsafepointer"); "" for what has no descriptor (untyped, SSA-only and tuple types).
func gdKind(t *types.Type) string {
	if t.IsUntyped() || t.Kind() == types.TSSA || t.Kind() == types.TTUPLE || t.Kind() == types.TRESULTS {
		return ""
	}
	switch k := reflectdata.ABIKindOfType(t).String(); k {
	case "invalid":
		return ""
	case "unsafe.Pointer":
		return "unsafepointer"
	default:
		return k
	}
}

// table: roots and the notes, closed over what each type mentions, keyed by TypeSymName.
func (r *gdTypeRoots) table(roots []*types.Type) map[string]*gdType {
	r.Lock()
	todo := append(append([]*types.Type{}, r.roots...), roots...)
	r.Unlock()
	out := map[string]*gdType{}
	name := func(t *types.Type) string {
		t = gdCanon(t)
		todo = append(todo, t)
		return types.TypeSymName(t)
	}
	for len(todo) > 0 {
		t := gdCanon(todo[0])
		todo = todo[1:]
		kind := gdKind(t)
		if kind == "" {
			continue
		}
		n := types.TypeSymName(t)
		if out[n] != nil {
			continue
		}
		types.CalcSize(t)
		e := &gdType{Kind: kind, Size: t.Size(), Named: t.Sym() != nil}
		out[n] = e
		switch kind {
		case "array":
			e.Elem = name(t.Elem())
			l := t.NumElem()
			e.Len = &l
		case "chan":
			e.Elem = name(t.Elem())
			switch t.ChanDir() {
			case types.Csend:
				e.Dir = "send"
			case types.Crecv:
				e.Dir = "recv"
			}
		case "ptr", "slice":
			e.Elem = name(t.Elem())
		case "map":
			e.Key = name(t.Key())
			e.Elem = name(t.Elem())
		case "struct":
			fs := []gdField{}
			e.Fields = &fs
			for _, f := range t.Fields() {
				fn := "_"
				if f.Sym != nil {
					fn = f.Sym.Name
				}
				fs = append(fs, gdField{Name: fn, Type: name(f.Type), Offset: f.Offset, Embedded: f.Embedded != 0})
			}
		case "func":
			ps, rs := []string{}, []string{}
			for _, f := range t.Params() {
				ps = append(ps, name(f.Type))
			}
			for _, f := range t.Results() {
				rs = append(rs, name(f.Type))
			}
			e.Params, e.Results = &ps, &rs
			e.Variadic = t.IsVariadic()
		case "interface":
			// reflectdata.imethods: AllMethods is in CompareSyms order; an unexported method
			// carries its package when that is not the interface's own.
			own := types.LocalPkg
			if t.Sym() != nil {
				own = t.Sym().Pkg
			}
			ms := t.AllMethods()
			nm := len(ms)
			e.Methods = &nm
			for _, f := range ms {
				im := gdImethod{Name: f.Sym.Name, Type: name(typecheck.NewMethodType(f.Type, nil))}
				if !types.IsExported(f.Sym.Name) && f.Sym.Pkg != own {
					im.Pkg = f.Sym.Pkg.Prefix
				}
				e.Imethods = append(e.Imethods, im)
			}
		}
	}
	return out
}
