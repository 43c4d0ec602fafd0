// Step 1 of every OAuth endpoint: the application/x-www-form-urlencoded body.
// @see RFC 6749 §3.2 (token endpoint: form body, parameters without a value
// count as omitted, no parameter may repeat), RFC 7662 §2.1, RFC 7009 §2.1.
import { InvalidRequest } from "./errors";

export type FormParams = Record<string, string>;

export function parseFormBody(options: { contentType: string | undefined; body: Buffer }): FormParams {
  const type = (options.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new InvalidRequest("Send the parameters as application/x-www-form-urlencoded (RFC 6749 section 3.2)");
  }
  const params: FormParams = {};
  for (const [name, value] of new URLSearchParams(options.body.toString("utf8"))) {
    if (value === "") continue;
    if (Object.hasOwn(params, name)) throw new InvalidRequest(`Parameter ${name} is repeated`);
    params[name] = value;
  }
  return params;
}
