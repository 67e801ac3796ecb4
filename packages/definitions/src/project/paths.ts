// The definitions package also runs in the browser (the studio validates as you type), so it
// cannot use node:path. Paths here are '/'-separated; Windows separators are folded in.

/** Normalises `a/./b/../c` to `a/c`, keeping a leading '/' and leading '..' segments. */
export function normalizePath(p: string): string {
  const absolute = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.replace(/\\/g, "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else if (part !== ".." || !absolute) out.push(part);
  }
  return (absolute ? "/" : "") + out.join("/");
}

/** The path of `relative` seen from the folder that holds `file`. */
export function resolveBeside(file: string, relative: string): string {
  const normal = file.replace(/\\/g, "/");
  const folder = normal.includes("/") ? normal.slice(0, normal.lastIndexOf("/")) : ".";
  return normalizePath(`${folder}/${relative}`);
}
