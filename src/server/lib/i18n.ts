// The server's view of the shared message table (src/contracts/messages.ts).
export * from '../../contracts/messages';
