/**
 * The Spring Cloud Gateway route for the WebSocket path: a `lb:ws://` URI sends the upgrade
 * through the WebSocket routing filter to the service found by the load balancer. Emitted
 * with the `yaml` library from a typed object.
 */
import { Document } from 'yaml';
import type { DeployOptions } from '../options.js';
import { commentsFor } from './comments.js';
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
  const say = commentsFor(o);
  doc.commentBefore = say.springHeader({ path: o.path, service: o.service, namespace: o.namespace, port: o.port });
  return [{ path: 'spring-gateway/application.yml', content: doc.toString({ lineWidth: 0 }), description: say.description.spring }];
}
