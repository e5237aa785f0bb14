import { describe, expect, it } from '@jest/globals';
import { COMPONENTS, containersOf, deploymentOf, envValue } from './k8s-objects.js';
import { hasKubectl, OVERLAYS, renderOverlay } from './render-overlay.js';

const describeWithKubectl = hasKubectl() ? describe : describe.skip;

/** The port each service listens on (docs/operations.md), which its probes and Service must use. */
const PORTS = { gateway: 8000, trainer: 8001, predictor: 8002 } as const;

describeWithKubectl('every Tabula container', () => {
  describe.each(OVERLAYS)('in the %s overlay', (overlay) => {
    describe.each(COMPONENTS)('%s', (component) => {
      const deployment = () => deploymentOf(renderOverlay(overlay), component);
      const containers = () => containersOf(deployment());

      it('should listen on its port under the name the probes use', () => {
        for (const container of containers()) expect(container.ports).toEqual([{ name: 'http', containerPort: PORTS[component] }]);
      });

      it('should be ready on /ready and alive on /health', () => {
        for (const container of containers()) {
          expect(container.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'http' });
          expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
        }
      });

      it('should request and be limited in CPU and memory', () => {
        for (const container of containers()) {
          expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
          expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
        }
      });

      it('should run as a non-root uid with a read-only root, no privilege escalation, no capabilities and RuntimeDefault seccomp', () => {
        const pod = deployment().spec.template.spec;
        // runAsUser is a number: the image's USER `node` is a name the kubelet cannot check against runAsNonRoot.
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
        expect(pod.automountServiceAccountToken).toBe(false);
        for (const container of containers()) {
          expect(container.securityContext).toEqual({
            runAsNonRoot: true,
            runAsUser: 1000,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          });
        }
      });

      it('should have a writable emptyDir at /tmp, where its uploads are spooled', () => {
        const pod = deployment().spec.template.spec;
        for (const container of containers()) {
          const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
          expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
          const uploadDir = envValue(container, 'UPLOAD_DIR');
          if (component !== 'gateway') expect(uploadDir?.startsWith('/tmp/')).toBe(true);
        }
      });

      it('should use the image name kustomize `images:` overrides', () => {
        for (const container of containers()) expect(container.image).toMatch(new RegExp(`^tabula-${component}(:|$)`));
      });

      it('should have a Service on its port selecting exactly its pods', () => {
        const services = renderOverlay(overlay).filter((object) => object.kind === 'Service' && object.metadata.name === `tabula-${component}`);
        expect(services.map((service) => service.spec)).toEqual([
          { selector: deployment().spec.selector.matchLabels, ports: [{ name: 'http', port: PORTS[component], targetPort: 'http' }] },
        ]);
      });
    });
  });
});
