/**
 * `go version -m` texts captured from Go 1.26.8, for the parser and rebuild tests: testdata/go/sample
 * built plainly (s1), with -trimpath -gcflags=all=-N -l -tags foo,bar (s2), with
 * GOEXPERIMENT=nodwarf5 CGO_ENABLED=0 (s3), from its .go files (s4), with a quoted -X (t2); a
 * module with a replaced dependency and a godebug directive (appbin); the release's cmd/go and
 * cmd/compile.
 */
export const DEFAULT =
  "s1: go1.26.8\n\tpath\texample.com/sample\n\tmod\texample.com/sample\t(devel)\t\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\tCGO_ENABLED=1\n\tbuild\tCGO_CFLAGS=\n\tbuild\tCGO_CPPFLAGS=\n\tbuild\tCGO_CXXFLAGS=\n\tbuild\tCGO_LDFLAGS=\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n\tbuild\tvcs=git\n\tbuild\tvcs.revision=f30d198accd987cc0cfd0ca5a8ce595e784df3ce\n\tbuild\tvcs.time=2026-11-23T10:50:04Z\n\tbuild\tvcs.modified=true\n";
export const TRIMPATH =
  's2: go1.26.8\n\tpath\texample.com/sample\n\tmod\texample.com/sample\t(devel)\t\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\t-gcflags="all=-N -l"\n\tbuild\t-tags=foo,bar\n\tbuild\t-trimpath=true\n\tbuild\tCGO_ENABLED=1\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n\tbuild\tvcs=git\n\tbuild\tvcs.revision=f30d198accd987cc0cfd0ca5a8ce595e784df3ce\n\tbuild\tvcs.time=2026-11-23T10:50:04Z\n\tbuild\tvcs.modified=true\n';
export const NODWARF5 =
  "s3: go1.26.8-X:nodwarf5\n\tpath\texample.com/sample\n\tmod\texample.com/sample\t(devel)\t\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\tCGO_ENABLED=0\n\tbuild\tGOARCH=amd64\n\tbuild\tGOEXPERIMENT=nodwarf5\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n\tbuild\tvcs=git\n\tbuild\tvcs.revision=f30d198accd987cc0cfd0ca5a8ce595e784df3ce\n\tbuild\tvcs.time=2026-11-23T10:50:04Z\n\tbuild\tvcs.modified=true\n";
export const FILES =
  "s4: go1.26.8\n\tpath\tcommand-line-arguments\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\tCGO_ENABLED=1\n\tbuild\tCGO_CFLAGS=\n\tbuild\tCGO_CPPFLAGS=\n\tbuild\tCGO_CXXFLAGS=\n\tbuild\tCGO_LDFLAGS=\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n";
export const LDFLAGS =
  't2: go1.26.8\n\tpath\texample.com/sample\n\tmod\texample.com/sample\t(devel)\t\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\t-gcflags=-S=0\n\tbuild\t-ldflags="-X \\"main.greeting=hi there\\""\n\tbuild\tCGO_ENABLED=1\n\tbuild\tCGO_CFLAGS=\n\tbuild\tCGO_CPPFLAGS=\n\tbuild\tCGO_CXXFLAGS=\n\tbuild\tCGO_LDFLAGS=\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n';
export const DEPS =
  'appbin: go1.26.8\n\tpath\texample.com/app\n\tmod\texample.com/app\t(devel)\t\n\tdep\texample.com/dep\tv1.2.3\n\t=>\t../dep\t(devel)\t\n\t\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\t-ldflags="-X main.v=1"\n\tbuild\tDefaultGODEBUG=panicnil=1\n\tbuild\tCGO_ENABLED=1\n\tbuild\tCGO_CFLAGS=\n\tbuild\tCGO_CPPFLAGS=\n\tbuild\tCGO_CXXFLAGS=\n\tbuild\tCGO_LDFLAGS=\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n';
export const GOCMD =
  "/usr/local/go/bin/go: go1.26.8\n\tpath\tcmd/go\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\t-gcflags=cmd/...=-dwarf=false\n\tbuild\t-trimpath=true\n\tbuild\tCGO_ENABLED=0\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n\tbuild\tGOAMD64=v1\n";
export const COMPILE =
  "/usr/local/go/pkg/tool/linux_amd64/compile: go1.26.8\n\tpath\tcmd/compile\n\tbuild\t-buildmode=exe\n\tbuild\t-compiler=gc\n\tbuild\t-gcflags=cmd/...=-dwarf=false\n\tbuild\t-pgo=default.pgo\n\tbuild\t-trimpath=true\n\tbuild\tCGO_ENABLED=0\n\tbuild\tGOAMD64=v1\n\tbuild\tGOARCH=amd64\n\tbuild\tGOOS=linux\n";
