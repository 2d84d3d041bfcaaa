/**
 * The OpenID Provider configuration at /{tenant}/v2.0/.well-known/openid-configuration, with the
 * fields Microsoft publishes. The endpoints keep the tenant segment the client used; the issuer
 * names the real tenant id when the segment fixes one and the literal "{tenantid}" placeholder for
 * common and organizations, exactly as login.microsoftonline.com does (clients replace it).
 */
import type { TenantRef } from "./tenant-directory.js";

export function openIdConfiguration(baseUrl: string, segment: string, issuerTenant: string, ref: TenantRef, graphHost: string): Record<string, unknown> {
  const at = `${baseUrl}/${segment}`;
  return {
    token_endpoint: `${at}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${at}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${baseUrl}/${issuerTenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `https://${graphHost}/oidc/userinfo`,
    authorization_endpoint: `${at}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${at}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${at}/oauth2/v2.0/logout`,
    claims_supported: [
      "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host",
      "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email",
    ],
    kerberos_endpoint: `${at}/kerberos`,
    tenant_region_scope: ref.kind === "tenant" ? "EU" : null,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: graphHost,
    rbac_url: "https://pas.windows.net",
  };
}

/** Instance discovery (/common/discovery/instance), for clients that do not list the host as known. */
export function instanceDiscovery(baseUrl: string, authorizationEndpoint: string | null): Record<string, unknown> {
  const host = new URL(baseUrl).host;
  const tenantSegment = authorizationEndpoint ? new URL(authorizationEndpoint).pathname.split("/")[1] ?? "common" : "common";
  return {
    tenant_discovery_endpoint: `${baseUrl}/${tenantSegment}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
