import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

describe("callback secret box", () => {
  it("seals a signing secret so that only the key and the same app open it, and any change is detected", () => {
    const secret = "whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0aW5nLW9ubHk=";
    const sealed = sealSecret(secret, "app_1");
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealSecret(secret, "app_1")).not.toBe(sealed); // a fresh IV each time
    expect(openSecret(sealed, "app_1")).toBe(secret);
    expect(() => openSecret(sealed, "app_2")).toThrow(); // moved to another app's row
    const [v, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openSecret([v, iv, tag, flipped.toString("base64url")].join("."), "app_1")).toThrow();
    expect(() => openSecret("v0.a.b.c", "app_1")).toThrow(/unknown format/);
  });
});
