/**
 * Source of the sandbox worker, started with `new Worker(SANDBOX_WORKER_SOURCE, { eval: true })`.
 *
 * It is a string (not a file next to this one) so it runs the same under vitest, tsx and a Next.js
 * server bundle: nothing has to locate or transpile a worker file. In eval mode the code is a
 * CommonJS script whose `require` resolves from the process's working directory, so
 * quickjs-emscripten loads from the project's node_modules (or from `workerData.quickjsModule`).
 *
 * Each request gets a fresh QuickJS runtime and context with memory, stack and interrupt limits;
 * the host terminates the whole worker if it overruns (gotcha G15). Protocol: sandbox-protocol.ts.
 * Keep this plain ES2020 JavaScript: no backticks, no dollar-brace.
 */
export const SANDBOX_WORKER_SOURCE = String.raw`
"use strict";
(function main() {
  var threads = require("node:worker_threads");
  var port = threads.parentPort;
  var moduleId = (threads.workerData && threads.workerData.quickjsModule) || "quickjs-emscripten";

  // Captured before any codec runs, so a codec cannot swap JSON out from under us.
  var PRELUDE = "(function () {\n" +
    "  var stringify = JSON.stringify, parse = JSON.parse;\n" +
    "  return function (fn, inputJson) {\n" +
    "    var out = fn(parse(inputJson));\n" +
    "    try { return stringify(out); }\n" +
    "    catch (e) { throw new TypeError('decodeUplink returned a value that cannot be converted to JSON: ' + (e && e.message)); }\n" +
    "  };\n" +
    "})()";
  var LOOKUP = "typeof decodeUplink === 'function' ? decodeUplink : (typeof decodeUplink === 'undefined' ? undefined : null)";
  var CODEC_FILE = "codec.js";

  var quickjs;
  try {
    quickjs = require(moduleId);
  } catch (first) {
    try {
      quickjs = require("node:module").createRequire(process.cwd() + "/")(moduleId);
    } catch (second) {
      port.postMessage({ type: "startup-error", error: "cannot load " + moduleId + ": " + first.message.split("\n")[0] });
      return;
    }
  }

  quickjs.getQuickJS().then(function (QuickJS) {
    port.on("message", function (request) {
      var reply;
      try {
        reply = run(QuickJS, request);
      } catch (e) {
        reply = { ok: false, stage: "sandbox", thrown: { message: String((e && e.message) || e) }, fatal: true };
      }
      reply.id = request.id;
      port.postMessage(reply);
    });
    port.postMessage({ type: "ready" });
  }, function (e) {
    port.postMessage({ type: "startup-error", error: String((e && e.message) || e) });
  });

  function describe(vm, handle) {
    var value;
    try { value = vm.dump(handle); } catch (e) { return { message: "unreadable exception" }; }
    if (value && typeof value === "object" && typeof value.message === "string") {
      var thrown = { name: typeof value.name === "string" ? value.name : undefined, message: value.message };
      var where = /codec\.js:(\d+):(\d+)/.exec(String(value.stack || "") + " " + String(value.fileName || ""));
      if (where) { thrown.line = Number(where[1]); thrown.column = Number(where[2]); }
      else if (typeof value.lineNumber === "number") { thrown.line = value.lineNumber; }
      return thrown;
    }
    var text;
    try { text = JSON.stringify(value); } catch (e) { text = undefined; }
    return { message: text === undefined ? String(value) : text };
  }

  function run(QuickJS, request) {
    var limits = request.limits;
    var rt = QuickJS.newRuntime();
    var vm = null;
    var handles = [];
    var reply;
    function keep(handle) { handles.push(handle); return handle; }
    function step(result, stage) {
      if (result.error) {
        var thrown = describe(vm, result.error);
        result.error.dispose();
        return { failure: { ok: false, stage: stage, thrown: thrown } };
      }
      return { value: keep(result.value) };
    }
    try {
      rt.setMemoryLimit(limits.memoryBytes);
      rt.setMaxStackSize(limits.stackBytes);
      rt.setInterruptHandler(quickjs.shouldInterruptAfterDeadline(Date.now() + limits.timeoutMs));
      vm = rt.newContext();
      reply = (function () {
        var call = step(vm.evalCode(PRELUDE, "longreach-prelude.js"), "sandbox");
        if (call.failure) return call.failure;
        var loaded = step(vm.evalCode(request.source, CODEC_FILE), "load");
        if (loaded.failure) return loaded.failure;
        var found = step(vm.evalCode(LOOKUP, "longreach-lookup.js"), "lookup");
        if (found.failure) return found.failure;
        var kind = vm.typeof(found.value);
        if (kind !== "function") {
          var defined = kind !== "undefined";
          return { ok: false, stage: "lookup", thrown: { message: defined ? "not a function" : "not defined" } };
        }
        if (request.inputJson === null) return { ok: true, output: null };
        var input = keep(vm.newString(request.inputJson));
        var result = step(vm.callFunction(call.value, vm.undefined, found.value, input), "decode");
        if (result.failure) return result.failure;
        if (vm.typeof(result.value) !== "string") return { ok: true, output: null };
        var output = vm.getString(result.value);
        if (output.length > limits.maxOutputChars) {
          return { ok: false, stage: "output", thrown: { message: "too large: " + output.length + " characters" } };
        }
        return { ok: true, output: output };
      })();
    } finally {
      try {
        for (var i = handles.length - 1; i >= 0; i--) if (handles[i].alive) handles[i].dispose();
        if (vm) vm.dispose();
        rt.dispose();
      } catch (e) {
        // QuickJS aborted (e.g. a leaked object after a host stack overflow): the wasm module may be
        // unusable, so ask the host for a fresh worker.
        if (reply) reply.fatal = true;
      }
    }
    return reply;
  }
})();
`;
