export { startFakeChirpstack, type FakeChirpstack, type RecordedCall } from "./server";
export { FakeChirpstackStore } from "./store";
