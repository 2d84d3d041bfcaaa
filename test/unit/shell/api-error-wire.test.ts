import { test } from "node:test";
import assert from "node:assert/strict";

import { ApiError, apiErrorFromUnknown, encodeApiErrorMessage } from "../../../shared/app-api.js";

test("an error's code survives being reduced to its message (as contextBridge does)", () => {
  const sent = new ApiError("wrong-passphrase", encodeApiErrorMessage({ code: "wrong-passphrase", message: "That passphrase does not open this archive." }));
  // contextBridge hands the page a plain Error with the message only.
  const received = new Error(sent.message);
  const rebuilt = apiErrorFromUnknown(received);
  assert.ok(rebuilt instanceof ApiError);
  assert.equal(rebuilt.code, "wrong-passphrase");
  assert.equal(rebuilt.message, "That passphrase does not open this archive.");
  // With Electron's "Error invoking remote method" decoration, too.
  const decorated = apiErrorFromUnknown(new Error(`Error invoking remote method 'lifeboat:invoke': Error: ${sent.message}`));
  assert.equal(decorated.code, "wrong-passphrase");
  assert.equal(decorated.message, "That passphrase does not open this archive.");
});

test("real ApiErrors pass through; anything else becomes 'failed'; odd codes are not trusted", () => {
  const real = new ApiError("locked", "Locked.");
  assert.equal(apiErrorFromUnknown(real), real);
  const plain = apiErrorFromUnknown(new Error("socket hang up"));
  assert.equal(plain.code, "failed");
  assert.equal(plain.message, "socket hang up");
  assert.equal(apiErrorFromUnknown("oops").code, "failed");
  assert.equal(encodeApiErrorMessage({ code: "Bad Code]", message: "m" }), "[lifeboat:failed] m");
  assert.equal(apiErrorFromUnknown(new Error("[lifeboat:Bad Code] m")).code, "failed");
});
