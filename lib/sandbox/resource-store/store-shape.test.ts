// The resource store's rule, read from path templates alone: which operations
// are a collection's or an item's, where the id goes, where a list's array is,
// and what is left to bindings and Prism.
import { describe, expect, it } from "vitest";
import { listOperations } from "@/lib/openapi/list-operations";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";
import { storeShapes } from "./store-shape";

const json = (schema: unknown, status = "200") => ({ responses: { [status]: { description: "x", content: { "application/json": { schema } } } } });
const pet = { type: "object", required: ["petId", "name"], properties: { petId: { type: "integer" }, name: { type: "string" } } };

function shapes(paths: Record<string, unknown>, overlayBound?: ReadonlySet<string>) {
  const document = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths } as unknown as OpenApiDocument;
  return Object.fromEntries([...storeShapes(listOperations(document), overlayBound)].map(([key, s]) => [key, { action: s.action, idField: s.idField, list: s.listPointer, parent: s.parentCollectionLength, length: s.collectionLength }]));
}

describe("storeShapes", () => {
  it("makes /x with a POST and /x/{param} a collection; the id is the property named like the parameter", () => {
    expect(
      shapes({
        "/pets": { post: json(pet, "201"), get: json({ type: "array", items: pet }) },
        "/pets/{petId}": { get: json(pet), put: json(pet), patch: json(pet), delete: { responses: { "204": { description: "gone" } } } },
      }),
    ).toEqual({
      "POST /pets": { action: "create", idField: "petId", list: undefined, parent: undefined, length: 1 },
      "GET /pets": { action: "list", idField: "petId", list: [], parent: undefined, length: 1 },
      "GET /pets/{petId}": { action: "get", idField: "petId", list: undefined, parent: undefined, length: 1 },
      "PUT /pets/{petId}": { action: "replace", idField: "petId", list: undefined, parent: undefined, length: 1 },
      "PATCH /pets/{petId}": { action: "merge", idField: "petId", list: undefined, parent: undefined, length: 1 },
      "DELETE /pets/{petId}": { action: "delete", idField: "petId", list: undefined, parent: undefined, length: 1 },
    });
  });

  it("falls back to `id`, then to the parameter's name; finds a list's array property, preferring the collection's name", () => {
    const withId = { type: "object", properties: { id: { type: "string" } } };
    const bare = { type: "object", properties: { name: { type: "string" } } };
    const page = { type: "object", properties: { links: { type: "array" }, owners: { type: "array", items: withId }, total: { type: "integer" } } };
    const result = shapes({
      "/owners": { post: json(withId, "201"), get: json(page) },
      "/owners/{ownerId}": { get: json(withId) },
      "/tags": { post: json(bare, "201") },
      "/tags/{tagName}": { get: json(bare) },
    });
    expect(result["POST /owners"]!.idField).toBe("id");
    expect(result["GET /owners"]!.list).toEqual(["owners"]);
    expect(result["POST /tags"]!.idField).toBe("tagName");
  });

  it("scopes a nested collection by its parent, and knows when the parent is a collection too", () => {
    const result = shapes({
      "/owners": { post: json(pet, "201") },
      "/owners/{ownerId}": { get: json(pet) },
      "/owners/{ownerId}/pets": { post: json(pet, "201") },
      "/owners/{ownerId}/pets/{petId}": { get: json(pet) },
      "/banks/{bankId}/branches": { post: json(pet, "201") },
      "/banks/{bankId}/branches/{branchId}": { get: json(pet) },
    });
    expect(result["POST /owners/{ownerId}/pets"]).toMatchObject({ length: 3, parent: 1 });
    expect(result["GET /owners/{ownerId}/pets/{petId}"]).toMatchObject({ length: 3, parent: 1 });
    expect(result["POST /banks/{bankId}/branches"]).toMatchObject({ length: 3, parent: undefined });
  });

  it("leaves to bindings and Prism: no POST, a bound POST (and its whole collection), an answer not in JSON, a list without an array", () => {
    expect(
      shapes({
        "/readonly": { get: json({ type: "array" }) },
        "/readonly/{id}": { get: json(pet) },
        "/bound": { post: { ...json(pet, "201"), "x-portico-sandbox": { resource: "payments", action: "create" } }, get: json({ type: "array", items: pet }) },
        "/bound/{id}": { patch: json(pet) },
        "/csv": { post: json(pet, "201") },
        "/csv/{id}": { get: { responses: { "200": { description: "csv", content: { "text/csv": { schema: { type: "string" } } } } } } },
        "/counted": { post: json(pet, "201"), get: json({ type: "object", properties: { n: { type: "integer" } } }) },
        "/counted/{id}": { get: json(pet) },
      }),
    ).toEqual({
      "POST /csv": { action: "create", idField: "id", list: undefined, parent: undefined, length: 1 },
      "POST /counted": { action: "create", idField: "id", list: undefined, parent: undefined, length: 1 },
      "GET /counted/{id}": { action: "get", idField: "id", list: undefined, parent: undefined, length: 1 },
    });
  });

  it("treats an operation the overlay binds as bound: a collection whose POST the overlay binds is the binding's, and so is an item operation it binds", () => {
    const paths = {
      "/pets": { post: json(pet, "201"), get: json({ type: "array", items: pet }) },
      "/pets/{petId}": { get: json(pet) },
      "/toys": { post: json(pet, "201"), get: json({ type: "array", items: pet }) },
      "/toys/{petId}": { get: json(pet), delete: { responses: { "204": { description: "gone" } } } },
    };
    expect(Object.keys(shapes(paths, new Set(["POST /pets", "GET /toys/{petId}"]))).sort()).toEqual(["DELETE /toys/{petId}", "GET /toys", "POST /toys"]);
  });
});
