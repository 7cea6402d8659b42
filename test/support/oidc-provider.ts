import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider for tests (panva's oidc-provider, the certified implementation),
 * with Keystone registered as its one client (id `keystone`, secret `keystone-test-secret`). Any login
 * name signs in; `directory` gives a name and groups to the ones a test cares about.
 */
export function testOidcProvider(issuer: string, appUrl: string, directory: Record<string, { name: string; groups: string[] }>): Provider {
  return new Provider(issuer, {
    clients: [
      {
        client_id: 'keystone',
        client_secret: 'keystone-test-secret',
        redirect_uris: [`${appUrl}/sign-in/sso/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups'], email: ['email'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['test-cookie-key'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, name: directory[sub]?.name ?? sub, preferred_username: sub, groups: directory[sub]?.groups ?? [] }),
    }),
  });
}
