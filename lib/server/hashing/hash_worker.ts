/**
 * Entry module of a hash worker thread: it answers each job with a
 * synchronous bcrypt call, which blocks this thread and not the server's.
 * @module
 */
import { answerHashRequest, type HashWorkerScope } from "./hash_protocol.ts";

const scope = self as unknown as HashWorkerScope;
scope.onmessage = (event) => scope.postMessage(answerHashRequest(event.data));
// Module loading can take a while; the pool's job deadline starts here.
scope.postMessage({ ready: true });
