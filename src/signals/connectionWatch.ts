import type { Agent } from 'node:http';
import type { Socket } from 'node:net';

/** What the OTLP exporters accept as `httpAgentOptions`: an agent per URL protocol. */
export type HttpAgentFactory = (protocol: string) => Promise<Agent>;

/**
 * An agent factory for the OTLP exporters that tells `onRefused` about every connection
 * that fails before it is established (refused, unresolvable host, unreachable network,
 * TLS handshake). The exporters retry such failures quietly for up to their timeout; this
 * is how the first one becomes visible at once. `node:http`/`node:https` are loaded when
 * the exporter first sends, as OpenTelemetry advises, so that the HTTP instrumentation may
 * patch them first.
 */
export function connectionWatchingAgents(onRefused: (error: Error) => void): HttpAgentFactory {
  return async (protocol) => {
    const module = protocol === 'https:' ? await import('node:https') : await import('node:http');
    const agent = new module.Agent({ keepAlive: true });
    const createConnection = agent.createConnection.bind(agent) as (...args: unknown[]) => Socket;
    agent.createConnection = ((...args: unknown[]) => {
      const socket = createConnection(...args);
      if (socket === undefined) return socket;
      const connectedEvent = protocol === 'https:' ? 'secureConnect' : 'connect';
      const onError = (error: Error): void => onRefused(error);
      socket.once('error', onError);
      socket.once(connectedEvent, () => socket.removeListener('error', onError));
      return socket;
    }) as typeof agent.createConnection;
    return agent;
  };
}
