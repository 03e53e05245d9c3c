export * from "./domain-error";
