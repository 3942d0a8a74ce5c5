/**
 * The Spring Cloud Gateway route for the WebSocket path: a `lb:ws://` URI sends the upgrade
 * through the WebSocket routing filter to the service found by the load balancer. Emitted
 * with the `yaml` library from a typed object.
 */
import { Document } from 'yaml';
import type { DeployOptions } from '../options.js';
import type { GeneratedFile } from './types.js';

export interface SpringGatewayRoute {
  id: string;
  uri: string;
  predicates: string[];
  filters?: string[];
}

export interface SpringGatewayConfig {
  spring: { cloud: { gateway: { routes: SpringGatewayRoute[] } } };
}

export function springGatewayConfig(o: DeployOptions): SpringGatewayConfig {
  return {
    spring: {
      cloud: {
        gateway: {
          routes: [
            {
              id: `${o.service}-websocket`,
              uri: `lb:ws://${o.service}`,
              // `/**` also matches the bare path (Spring PathPattern), and the query string
              // (`?token=…`) is not part of the match.
              predicates: [`Path=${o.path},${o.path}/**`],
            },
          ],
        },
      },
    },
  };
}

export function generateSpringGateway(o: DeployOptions): GeneratedFile[] {
  const doc = new Document(springGatewayConfig(o));
  doc.commentBefore = [
    ` wsgate deploy spring-gateway: route ${o.path} to ${o.service} over WebSocket (lb:ws://).`,
    ' lb:// needs Spring Cloud LoadBalancer with a discovery client (e.g. spring-cloud-kubernetes);',
    ` without one use uri: ws://${o.service}.${o.namespace}.svc.cluster.local:${o.port}.`,
    ' Spring Cloud Gateway 4.3+ (2025.0) reads routes from spring.cloud.gateway.server.webflux.routes.',
  ].join('\n');
  return [{ path: 'spring-gateway/application.yml', content: doc.toString({ lineWidth: 0 }), description: 'Spring Cloud Gateway route (application.yml)' }];
}
