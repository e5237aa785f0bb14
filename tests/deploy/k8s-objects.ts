import type { K8sObject } from './render-overlay.js';

// The parts of rendered objects the invariant tests read. The schemas (validate-k8s-object.ts) check the full shape;
// these types only name what the tests look at, so a test reads `container.readinessProbe?.httpGet?.path`.

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } };
}

export interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path?: string; port?: string | number } };
  livenessProbe?: { httpGet?: { path?: string; port?: string | number } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: LabelSelector;
    strategy?: { type?: string };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        automountServiceAccountToken?: boolean;
        securityContext?: SecurityContext & { fsGroup?: number };
        initContainers?: Container[];
        containers: Container[];
        volumes?: { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string } }[];
      };
    };
  };
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

export interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: { protocol?: string; port?: number | string }[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: { protocol?: string; port?: number | string }[] }[];
  };
}

export const COMPONENTS = ['gateway', 'trainer', 'predictor'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The rendered objects of one kind, typed as the tests read them. */
export const objectsOfKind = <T extends K8sObject>(objects: K8sObject[], kind: string): T[] => objects.filter((object) => object.kind === kind) as T[];

/** The Deployment whose pods are `component` (app.kubernetes.io/component), or a clear failure. */
export function deploymentOf(objects: K8sObject[], component: Component): Deployment {
  const found = objectsOfKind<Deployment>(objects, 'Deployment').filter((d) => d.spec.template.metadata.labels['app.kubernetes.io/component'] === component);
  if (found.length !== 1) throw new Error(`expected one Deployment of ${component}, found ${found.length}`);
  return found[0];
}

/** Every container of a Deployment's pods, init containers included: each must meet the same hardening. */
export const containersOf = (deployment: Deployment): Container[] => [...(deployment.spec.template.spec.initContainers ?? []), ...deployment.spec.template.spec.containers];

/** Whether `selector` selects an object with `labels`, as the API server matches it; an empty selector selects all. */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const has = key in labels;
    if (operator === 'Exists') return has;
    if (operator === 'DoesNotExist') return !has;
    if (operator === 'In') return has && values.includes(labels[key]);
    return !has || !values.includes(labels[key]);
  });
  return byLabels && byExpressions;
}

/** The value a container's env sets literally for `name`, if any. */
export const envValue = (container: Container, name: string): string | undefined => container.env?.find((env) => env.name === name)?.value;
