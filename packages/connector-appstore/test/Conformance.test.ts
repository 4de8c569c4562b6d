import { NetworkGuard } from "@cxkit/connectors/testing"
import { Conformance } from "@cxkit/connectors/vitest"
import { Effect, Layer } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { AppStoreConnector } from "../src/index.ts"
import { AppStoreMock } from "../src/testing.ts"

// The suite runs on the test kit's dataset-driven server shaped like customerReviews
// (AppStoreMock.serverOptions). That server checks a fixed bearer token, so the suite's HTTP layer verifies each
// signed JWT the way App Store Connect does (AppStoreMock.verifyToken) and forwards it as
// that token; a bad key is forwarded as a wrong one. Apple-specific behaviour is tested on
// AppStoreMock in AppStoreConnector.test.ts.
const key = await AppStoreMock.generateKey()
const other = await AppStoreMock.generateKey()
const reviews = AppStoreMock.fixtures({ count: 23 })

const verifying = Layer.effect(
  HttpClient.HttpClient,
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    return HttpClient.mapRequestEffect(client, (request) =>
      Effect.promise(async () => {
        const problem = await AppStoreMock.verifyToken(request.headers.authorization, key)
        return HttpClientRequest.setHeader(
          request,
          "authorization",
          problem === undefined ? "Bearer verified" : "Bearer refused"
        )
      })
    )
  })
).pipe(Layer.provide(NetworkGuard.layer))

const server = AppStoreMock.serverOptions({ token: "verified", reviews, pageSize: 10 })

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
  server,
  config: (url) => configFor(url, key),
  badConfig: (url) => configFor(url, other),
  secrets: [key.privateKey, key.privateKey.split("\n")[1] as string],
  layer: verifying,
  requestTimeoutMillis: 300
})
