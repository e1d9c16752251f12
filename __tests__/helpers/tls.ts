// The committed self-signed test certificate (SAN localhost and 127.0.0.1, valid to 2126).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './run-action.js';

export const CERT_PATH = path.join(REPO_ROOT, '__tests__/fixtures/selfsigned-cert.pem');
export const TLS = { cert: readFileSync(CERT_PATH), key: readFileSync(path.join(REPO_ROOT, '__tests__/fixtures/selfsigned-key.pem')) };

/** A certificate for the same names that expired the day it was made (openssl x509 -days -1). */
export const EXPIRED_CERT_PATH = path.join(REPO_ROOT, '__tests__/fixtures/expired-cert.pem');
export const EXPIRED_TLS = { cert: readFileSync(EXPIRED_CERT_PATH), key: readFileSync(path.join(REPO_ROOT, '__tests__/fixtures/expired-key.pem')) };

/** A self-signed certificate for `api.deepseek.com` and `gw.example.com` (valid to 2126), for a
 * simulator reached through the test proxy's `routes` as if it were that host. */
export const API_HOSTS_CERT_PATH = path.join(REPO_ROOT, '__tests__/fixtures/api-hosts-cert.pem');
export const API_HOSTS_TLS = { cert: readFileSync(API_HOSTS_CERT_PATH), key: readFileSync(path.join(REPO_ROOT, '__tests__/fixtures/api-hosts-key.pem')) };
