// What code samples put where a value is the developer's own (./code-samples.ts);
// a separate file so client components can fill them without the generator.
export const CLIENT_ID_PLACEHOLDER = "YOUR_CLIENT_ID";
export const CLIENT_SECRET_PLACEHOLDER = "YOUR_CLIENT_SECRET";
/** What the operation samples send as the bearer token: the access_token the token step returns. */
export const ACCESS_TOKEN_PLACEHOLDER = "ACCESS_TOKEN";
