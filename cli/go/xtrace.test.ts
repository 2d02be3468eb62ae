/**
 * Reading `go build -x` output back (a round trip of the go command's own printing): captured
 * from Go 1.26.8 building testdata/go/sample, shortened to three packages.
 */
import { describe, expect, it } from "vitest";
import { goQuotedPrefixLength, goUnquote, goUnquoteBytes } from "./quote.js";
import { parseBuildTrace, parseImportCfg, splitCommandLine } from "./xtrace.js";

const TRACE = `WORK=/tmp/go-build2904438845
mkdir -p $WORK/b001/
cat >/tmp/go-build2904438845/b001/importcfg << 'EOF' # internal
# import config
EOF
cd /work/main/testdata/go/sample
/usr/local/go/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a -trimpath "$WORK/b001=>" -p main -lang=go1.26 -complete -buildid 2wetSsoGs0oo4RkfiVN5/2wetSsoGs0oo4RkfiVN5 -goversion go1.26.8 -c=2 -nolocalimports -importcfg $WORK/b001/importcfg -pack ./main.go ./shapes.go
go tool buildid -w $WORK/b001/_pkg_.a # internal
cp $WORK/b001/_pkg_.a /root/.cache/go-build/50/508e61f634be424b76345017abaf6735ce9ad160bf574b714b611f65bd15c3ea-d # internal
cat >/tmp/go-build2904438845/b001/importcfg.link << 'EOF' # internal
packagefile example.com/sample=/tmp/go-build2904438845/b001/_pkg_.a
packagefile fmt=/root/.cache/go-build/a2/a299149a54d15cd487eda26565a45df6c60223d48f8542d8234da71eeab28672-d
packagefile runtime=/root/.cache/go-build/be/be4114093acaad70353eef000e7a041c1fd15e57623c2da205c523946ee72083-d
modinfo "0w\\xaf\\f\\x92t\\b\\x02A\\xe1\\xc1\\a\\xe6\\xd6\\x18\\xe6path\\texample.com/sample\\n\\xf92C1\\x86\\x18 r\\x00\\x82B\\x10A\\x16\\xd8\\xf2"
EOF
mkdir -p $WORK/b001/exe/
cd .
GOROOT='/usr/local/go' /usr/local/go/pkg/tool/linux_amd64/link -o $WORK/b001/exe/a.out -importcfg $WORK/b001/importcfg.link -buildmode=exe -buildid=Z2n7Gzq7BZCDzH8rnRSB/2wetSsoGs0oo4RkfiVN5/I1DsZZf1oJlLnmDrq54G/Z2n7Gzq7BZCDzH8rnRSB -X "main.greeting=hi there" -X=main.b=c -extld=gcc $WORK/b001/_pkg_.a
go tool buildid -w $WORK/b001/exe/a.out # internal
mkdir -p /tmp/gx/
mv $WORK/b001/exe/a.out /tmp/gx/t9
`;

describe("parseBuildTrace", () => {
  it("finds the work directory, importcfg.link, the link command and the compiles", () => {
    const t = parseBuildTrace(TRACE);
    expect(t.work).toBe("/tmp/go-build2904438845");
    expect(t.compiles).toBe(1);
    expect(t.importcfgLinks).toHaveLength(1);
    expect(t.links).toHaveLength(1);
    const link = t.links[0];
    expect(link?.env).toEqual({ GOROOT: "/usr/local/go" });
    expect(link?.argv[0]).toBe("/usr/local/go/pkg/tool/linux_amd64/link");
    expect(link?.argv).toContain("main.greeting=hi there");
    expect(link?.argv).toContain("-X=main.b=c");
    expect(link?.argv.at(-1)).toBe("/tmp/go-build2904438845/b001/_pkg_.a");
    expect(link?.argv[2]).toBe("/tmp/go-build2904438845/b001/exe/a.out");
  });

  it("ends a here-document at EOF on its last line: an embedcfg has no final newline", () => {
    // What go -x printed for a package with //go:embed (Go 1.26.8): the JSON's "}" and EOF share a line.
    const embed = `cat >/tmp/go-build1/b001/embedcfg << 'EOF' # internal
{
\t"Files": {
\t\t"go.mod": "/tmp/heldout/go.mod"
\t}
}EOF
`;
    const at = TRACE.indexOf("cat >/tmp/go-build2904438845/b001/importcfg.link");
    const t = parseBuildTrace(TRACE.slice(0, at) + embed + TRACE.slice(at));
    expect(t.importcfgLinks).toHaveLength(1);
    expect(t.importcfgLinks[0]).toBe(parseBuildTrace(TRACE).importcfgLinks[0]);
    expect(t.links).toHaveLength(1);
  });

  it("reads importcfg.link's packagefile and modinfo lines", () => {
    const cfg = parseImportCfg(parseBuildTrace(TRACE).importcfgLinks[0] as string);
    expect([...cfg.packagefile.keys()]).toEqual(["example.com/sample", "fmt", "runtime"]);
    expect(cfg.packagefile.get("example.com/sample")).toBe("/tmp/go-build2904438845/b001/_pkg_.a");
    expect(cfg.modinfo?.startsWith('"0w\\xaf')).toBe(true);
    const bytes = goUnquoteBytes(cfg.modinfo as string) as Uint8Array;
    // The 16-byte sentinels around the text are kept byte for byte (they are not UTF-8).
    expect([...bytes.subarray(0, 4)]).toEqual([0x30, 0x77, 0xaf, 0x0c]);
    expect(bytes.length).toBe(16 + "path\texample.com/sample\n".length + 16);
  });
});

describe("splitCommandLine", () => {
  it("reads env assignments and Go-quoted words", () => {
    expect(splitCommandLine(`GOROOT='' A="it's" /x/link -o "a b" -X "k=\\"v\\"" c`)).toEqual({
      env: { GOROOT: "", A: "it's" },
      argv: ["/x/link", "-o", "a b", "-X", 'k="v"', "c"],
    });
    expect(splitCommandLine("")).toBeUndefined();
  });
});

describe("Go quoting", () => {
  it("unquotes as strconv.Unquote does", () => {
    expect(goUnquote('"all=-N -l"')).toBe("all=-N -l");
    expect(goUnquote('"a\\tb\\u00e9\\U0001F600\\x41\\101"')).toBe("a\tb\u00e9\u{1F600}AA");
    expect(goUnquote("`raw \\n`")).toBe("raw \\n");
    expect(goUnquote('"unterminated')).toBeUndefined();
    expect(goUnquote('"bad \\q"')).toBeUndefined();
    expect(goQuotedPrefixLength('"a\\"b"=c')).toBe(6);
    expect(goQuotedPrefixLength('"open')).toBe(-1);
  });
});
