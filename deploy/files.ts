/**
 * Small readers for the deploy files the tests check: the Dockerfile (the subset of its syntax we
 * use), .dockerignore, and the relative/bare imports of a TypeScript file.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface Instruction {
  op: string;
  args: string;
  line: number;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

export interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}

/** Instructions grouped by stage; comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): { stages: Stage[]; preamble: Instruction[] } {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('#') || (!pending && line === '')) return;
    if (!pending) start = i + 1;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    if (!full) return;
    const m = /^(\S+)\s*([\s\S]*)$/.exec(full)!;
    instructions.push({ op: m[1]!.toUpperCase(), args: m[2]!.trim(), line: start });
  });
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m) throw new Error(`line ${ins.line}: cannot read FROM ${ins.args}`);
      stages.push({ image: m[1]!, name: m[2], instructions: [] });
    } else if (stages.length) {
      stages.at(-1)!.instructions.push(ins);
    } else {
      preamble.push(ins);
    }
  }
  return { stages, preamble };
}

/** A JSON-array (exec form) argument, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  return JSON.parse(args) as string[];
}

export function parseCopy(args: string): Copy {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift()!;
    if (flag.startsWith('--from=')) from = flag.slice('--from='.length);
  }
  const rest = words.join(' ');
  const parts = execForm(rest) ?? words;
  if (parts.length < 2) throw new Error(`COPY needs a source and a destination: ${args}`);
  return { from, sources: parts.slice(0, -1), dest: parts.at(-1)! };
}

/** `ENV A=1 B="two"` (and the legacy `ENV A 1`) as a map. */
export function parseEnv(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(args)!;
    out[m[1]!] = m[2]!;
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const m of args.matchAll(re)) {
    const v = m[2]!;
    out[m[1]!] = v.startsWith('"') ? (JSON.parse(v) as string) : v;
  }
  return out;
}

/** The exclusion test of a .dockerignore (`**`, `*`, `?`, `!` exceptions; parents exclude children). */
export function dockerignore(text: string): (p: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = path.posix.normalize((negate ? l.slice(1) : l).replace(/^\/+/, ''));
      let re = '';
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i]!;
        if (pattern.startsWith('**/', i)) {
          re += '(?:.*/)?';
          i += 2;
        } else if (pattern.startsWith('**', i)) {
          re += '.*';
          i += 1;
        } else if (c === '*') re += '[^/]*';
        else if (c === '?') re += '[^/]';
        else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, re: new RegExp(`^${re}$`) };
    });
  const matches = (p: string) => {
    let excluded = false;
    for (const r of rules) if (r.re.test(p)) excluded = !r.negate;
    return excluded;
  };
  return (p) => {
    const parts = path.posix.normalize(p).replace(/\/$/, '').split('/');
    for (let i = 1; i <= parts.length; i++) if (matches(parts.slice(0, i).join('/'))) return true;
    return false;
  };
}

export interface Import {
  spec: string;
  typeOnly: boolean;
}

/** The module specifiers a TypeScript file imports (static, re-exports, side-effect, dynamic). */
export function importsOf(source: string): Import[] {
  const found: Import[] = [];
  // Comments that start a line (a `/*` inside a string such as '/admin/*' is not one).
  const code = source.replace(/^\s*\/\*[\s\S]*?\*\//gm, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(
    /\b(?:import|export)\s+(type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  )) {
    found.push({ spec: m[2]!, typeOnly: Boolean(m[1]) });
  }
  for (const m of code.matchAll(/\bimport\s*['"]([^'"]+)['"]/g))
    found.push({ spec: m[1]!, typeOnly: false });
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ spec: m[1]!, typeOnly: false });
  return found;
}

/** A relative specifier resolved to a repo file (repo-relative, posix), or undefined. */
export function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = path.resolve(ROOT, path.dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
      return path.relative(ROOT, candidate).split(path.sep).join('/');
    }
  }
  return undefined;
}

/** The npm package a bare specifier names, or undefined for Node's own modules. */
export function packageOf(spec: string): string | undefined {
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!)) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Every repo file reachable from `entries` through relative imports (type-only ones included: they
 * are in the same directories anyway), with the bare imports each one makes at run time.
 */
export function importGraph(entries: string[]): {
  files: Set<string>;
  packages: { file: string; pkg: string }[];
  unresolved: { file: string; spec: string }[];
} {
  const files = new Set<string>();
  const packages: { file: string; pkg: string }[] = [];
  const unresolved: { file: string; spec: string }[] = [];
  const queue = [...entries];
  while (queue.length) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    files.add(file);
    if (!/\.(ts|tsx|js|mjs)$/.test(file)) continue;
    for (const imp of importsOf(fs.readFileSync(path.join(ROOT, file), 'utf8'))) {
      if (imp.spec.startsWith('.')) {
        const target = resolveRelative(file, imp.spec);
        if (target) queue.push(target);
        else unresolved.push({ file, spec: imp.spec });
      } else if (!imp.typeOnly) {
        const pkg = packageOf(imp.spec);
        if (pkg) packages.push({ file, pkg });
      }
    }
  }
  return { files, packages, unresolved };
}

/** Repo files below `dir` (repo-relative, posix), skipping node_modules and dist. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'dist' && e.name !== 'dev-dist') walk(child);
      } else out.push(child);
    }
  };
  walk(dir);
  return out;
}
