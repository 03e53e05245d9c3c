// A created job should start now, not at the runner's next poll (up to a second later: 5% of a
// 100,000-message requeue at 5,000 msg/s). The store rings, the runner listens; a module of its own
// so the two need not import each other. Nothing listens where no runner runs (serverless mode).

const globalState = globalThis as typeof globalThis & { __eventscopeJobWake?: { listener?: () => void } };
const state = (globalState.__eventscopeJobWake ??= {});

export function onJobCreated(listener: (() => void) | undefined): void {
  state.listener = listener;
}

export function notifyJobCreated(): void {
  state.listener?.();
}
