/**
 * The dSYM bundle around a debug companion file: `NAME.dSYM/Contents/Info.plist` and
 * `NAME.dSYM/Contents/Resources/DWARF/NAME`, as dsymutil makes one (golang/go#62577 proposes that
 * Go's linker write the same).
 */
import { join } from "node:path";

/** The files of a bundle, relative to its root (NAME.dSYM). */
export function dsymPaths(name: string): { plist: string; dwarf: string; dirs: string[] } {
  return {
    plist: join("Contents", "Info.plist"),
    dwarf: join("Contents", "Resources", "DWARF", name),
    dirs: ["Contents", join("Contents", "Resources"), join("Contents", "Resources", "DWARF")],
  };
}

function xmlText(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** dsymutil's Info.plist for a bundle whose companion file is `name`. */
export function dsymInfoPlist(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple Computer//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
	<dict>
		<key>CFBundleDevelopmentRegion</key>
		<string>English</string>
		<key>CFBundleIdentifier</key>
		<string>com.apple.xcode.dsym.${xmlText(name)}</string>
		<key>CFBundleInfoDictionaryVersion</key>
		<string>6.0</string>
		<key>CFBundlePackageType</key>
		<string>dSYM</string>
		<key>CFBundleSignature</key>
		<string>????</string>
		<key>CFBundleShortVersionString</key>
		<string>1.0</string>
		<key>CFBundleVersion</key>
		<string>1</string>
	</dict>
</plist>
`;
}
