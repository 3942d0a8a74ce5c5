// The integration-test lab: real programs on loopback, started and stopped by the tests.
export { findBinary, requireBinary, IN_CI } from './binaries.js';
export { freePort, waitForPort } from './net.js';
export { startProcess, tempDir, waitFor } from './process.js';
export type { LabProcess } from './process.js';
export { nginxMainConfig, checkNginx, startNginx, checkHaproxy, startHaproxy, startTunnelProxy, checkCaddy, startCaddy, startDnsmasq } from './proxies.js';
export type { LabProxy, ConfigCheck, DnsRecords } from './proxies.js';
