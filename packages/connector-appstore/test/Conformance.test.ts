import { Conformance } from "@cxkit/connectors/vitest"
import { AppStoreConnector } from "../src/index.ts"
import { AppStoreMock } from "../src/testing.ts"

// The suite's dataset-driven server holds the reviews and faults (AppStoreMock.serverOptions);
// AppStoreMock.serve puts Apple's front end in front: each signed JWT is verified the way App
// Store Connect does (a token signed with another key is refused), the hourly limit, parameter
// checks and error bodies.
const key = await AppStoreMock.generateKey()
const other = await AppStoreMock.generateKey()
const reviews = AppStoreMock.fixtures({ count: 23 })

const configFor = (url: string, k: typeof key) => ({
  issuerId: k.issuerId,
  keyId: k.keyId,
  privateKey: k.privateKey,
  appId: "682658836",
  baseUrl: url,
  limit: 10,
  timeoutMillis: 300
})

Conformance.runConformance({
  connector: AppStoreConnector.connector,
  server: AppStoreMock.serverOptions({ token: "verified", reviews, pageSize: 10 }),
  serve: (server) => AppStoreMock.serve(server, { key, token: "verified" }),
  config: (url) => configFor(url, key),
  badConfig: (url) => configFor(url, other),
  secrets: [key.privateKey, key.privateKey.split("\n")[1] as string],
  requestTimeoutMillis: 300
})
