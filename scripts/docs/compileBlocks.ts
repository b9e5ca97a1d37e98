// Type-checks the documentation's TypeScript blocks as a user's project would: each block is
// an ES module in a temporary project whose `node_modules/foundation-telemetry` is this
// repository (so its `exports` lead to the built `dist/`), beside the repository's other
// packages. All blocks are one TypeScript program, and each diagnostic is mapped back to the
// Markdown line it comes from.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { CodeBlock } from './markdown.js';

export interface DocumentBlock {
  /** The Markdown file's path, as it is shown in messages. */
  file: string;
  block: CodeBlock;
}

/**
 * `dist`: the package as it is published (the real check; `dist/` must be built).
 * `source`: `foundation-telemetry` mapped onto `src/`, for checking without a build.
 */
export type PackageUnderTest = 'dist' | 'source';

export interface CompileReport {
  /** `FILE.md:LINE: error TSnnnn: message`, each followed by the offending line of code. */
  errors: string[];
  /** Blocks with at least one error. */
  failedBlocks: number;
}

const ambientDeclarations = fileURLToPath(new URL('./ambient.d.ts', import.meta.url));
const ambientFile = 'ambient.ts';

export function compileBlocks(blocks: readonly DocumentBlock[], repoRoot: string, against: PackageUnderTest): CompileReport {
  if (blocks.length === 0) return { errors: [], failedBlocks: 0 };
  if (against === 'dist' && !existsSync(join(repoRoot, 'dist', 'index.d.ts'))) {
    return { errors: [`${join(repoRoot, 'dist')}: no built package to compile against: run \`npm run build\` first`], failedBlocks: blocks.length };
  }
  // The real path, as the compiler names files by it (the temporary directory may be behind a symlink).
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'docs-examples-')));
  try {
    const blockFiles = writeProject(project, blocks, repoRoot, against);
    return typeCheck(project, blockFiles);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

function writeProject(project: string, blocks: readonly DocumentBlock[], repoRoot: string, against: PackageUnderTest): Map<string, DocumentBlock> {
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'docs-examples', private: true, type: 'module' }));
  linkPackages(project, repoRoot);
  // As a .ts file, so that `skipLibCheck` does not hide a mistake in it.
  copyFileSync(ambientDeclarations, join(project, ambientFile));

  const blockFiles = new Map<string, DocumentBlock>();
  blocks.forEach((documentBlock, index) => {
    const name = `${String(index).padStart(3, '0')}-${basename(documentBlock.file).replace(/[^\w.-]/g, '_')}-${documentBlock.block.firstLine}.ts`;
    const path = join(project, name);
    writeFileSync(path, documentBlock.block.code);
    blockFiles.set(path, documentBlock);
  });

  const source = (entry: string): string[] => [join(repoRoot, 'src', entry)];
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2022'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    // Every block is a module of its own, even one without import or export.
    moduleDetection: 'force',
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    ...(against === 'source' && {
      paths: {
        'foundation-telemetry': source('index.ts'),
        'foundation-telemetry/testing': source('testing/index.ts'),
        'foundation-telemetry/vitest': source('testing/vitest.ts'),
      },
    }),
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: [ambientFile, ...blockFiles.keys()] }, null, 2));
  return blockFiles;
}

// The project sees the repository's packages as its own dependencies, and the repository
// itself as `foundation-telemetry`.
function linkPackages(project: string, repoRoot: string): void {
  const modules = join(project, 'node_modules');
  const repoModules = join(repoRoot, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(repoModules)) {
    if (entry.startsWith('.') || entry === 'foundation-telemetry') continue;
    symlinkSync(join(repoModules, entry), join(modules, entry), 'dir');
  }
  symlinkSync(repoRoot, join(modules, 'foundation-telemetry'), 'dir');
}

function typeCheck(project: string, blockFiles: ReadonlyMap<string, DocumentBlock>): CompileReport {
  const config = ts.getParsedCommandLineOfConfigFile(join(project, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => {},
  });
  if (!config) return { errors: ['tsconfig.json of the examples project could not be read'], failedBlocks: blockFiles.size };
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  // The examples' own files only: the package's sources or declarations are checked by its own build.
  const projectFiles = program.getSourceFiles().filter((file) => blockFiles.has(file.fileName) || file.fileName === join(project, ambientFile));
  const diagnostics = [
    ...config.errors,
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...projectFiles.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ].filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);

  const failed = new Set<DocumentBlock>();
  const errors = diagnostics.map((diagnostic) => {
    const message = `error TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')}`;
    if (!diagnostic.file || diagnostic.start === undefined) return `the examples project: ${message}`;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const documentBlock = blockFiles.get(diagnostic.file.fileName);
    if (!documentBlock) {
      const shownPath = diagnostic.file.fileName === join(project, ambientFile) ? ambientDeclarations : diagnostic.file.fileName;
      return `${relative(process.cwd(), shownPath)}:${line + 1}: ${message}`;
    }
    failed.add(documentBlock);
    const code = documentBlock.block.code.split('\n')[line] ?? '';
    return `${documentBlock.file}:${documentBlock.block.firstLine + line}: ${message}\n    ${code.trim()}`;
  });
  return { errors, failedBlocks: failed.size };
}
