import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

/** The repository root, from tests/dist/deploy/ (compiled) as from tests/deploy/ (sources). */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const OVERLAYS = ['single', 'cluster'] as const;
export type OverlayName = (typeof OVERLAYS)[number];

/** One rendered Kubernetes object; fields are read through the helpers in k8s-objects.ts. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/**
 * Whether `kubectl` runs here. The deploy tests skip without it and say so (a developer may lack it); CI has it at
 * /usr/bin/kubectl and `.ci/run` stops with a clear message before the tests when it is missing.
 */
export function hasKubectl(): boolean {
  const probe = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  console.warn(`tests/deploy skipped: \`${KUBECTL} version --client\` failed (${probe.error?.message ?? probe.stderr.trim()}); install kubectl (kustomize v5) to run them`);
  return false;
}

const rendered = new Map<OverlayName, K8sObject[]>();

/** The objects `kubectl kustomize <dir>` renders (offline: no cluster is contacted), as `kubectl apply -k` would send them. */
function runKustomize(dir: string): K8sObject[] {
  const result = spawnSync(KUBECTL, ['kustomize', dir], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed (${result.status ?? result.signal}): ${result.error?.message ?? result.stderr}`);
  return parseAllDocuments(result.stdout).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed YAML that does not parse: ${doc.errors[0].message}`);
    return doc.toJS() as K8sObject;
  });
}

/** deploy/kubernetes/overlays/<name>, rendered once per test file: the tests only read the objects. */
export function renderOverlay(name: OverlayName): K8sObject[] {
  const cached = rendered.get(name) ?? runKustomize(`deploy/kubernetes/overlays/${name}`);
  rendered.set(name, cached);
  return cached;
}

/**
 * A user's own kustomization on top of `resources` (paths under deploy/kubernetes/), with `images` overrides, as
 * docs/deploy.md tells users to write one. Written to a temp dir (kustomize takes only relative resource paths).
 */
export function renderKustomization(resources: string[], images: { name: string; newName?: string; newTag?: string }[]): K8sObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'tabula-kustomize-'));
  try {
    const kustomization = { resources: resources.map((path) => relative(dir, join(REPO_ROOT, 'deploy/kubernetes', path))), images };
    writeFileSync(join(dir, 'kustomization.yaml'), stringify(kustomization));
    return runKustomize(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
