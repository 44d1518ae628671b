/** @module Usage texts of the CLI. */
import { DEFAULT_MAX_PAGES } from '../pagination/page-stream.js';

export const MAIN_HELP = `chaport: run Chaport API actions from a terminal, a script or an agent.

Usage:
  chaport list [--intent TEXT] [--json]          list the actions (ranked by relevance with --intent)
  chaport describe <key> [--json]                one action: what it does, its fields and schemas, an example
  chaport run <key> [--input JSON|@FILE|-]       run an action; its output JSON goes to stdout
  chaport request <path> [-X M] [-H 'N: v'] [-d BODY] ...   a raw request to the API, token added
  chaport proxy [--port N]                       a local proxy that adds the token, behind an access key
  chaport sandbox [--port N] [--seed N] ...      a local Chaport-compatible API, no account needed
  chaport <command> --help                       help on a command
  chaport --version

Environment:
  CHAPORT_API_TOKEN   API token, sent as "Authorization: Bearer <token>" (needed by run)
  CHAPORT_REGION      com (default, app.chaport.com) or ru (app.chaport.ru)
  CHAPORT_BASE_URL    full base URL override, e.g. http://127.0.0.1:4010/api/v1

Output: data on stdout, warnings and errors on stderr; --json also prints errors as
{"error":{"code":"ERR_...","message":"..."}} on stdout.
Exit codes: 0 success, 1 API or network failure, 2 usage error or invalid input (nothing sent),
3 missing or rejected token, 4 not found.
`;

export const LIST_HELP = `Usage: chaport list [--intent TEXT] [--json]

Lists every action with its effect (read, write, destructive) and evidence level
(official, client, inferred: how sure we are that Chaport's API works this way).

Options:
  --intent TEXT   only actions relevant to TEXT, best first (e.g. --intent "reply to a visitor")
  --json          print {"items":[{key,name,description,inputSchema,outputSchema,...}]}
`;

export const DESCRIBE_HELP = `Usage: chaport describe <key> [--json]

Shows what an action does, how sure we are of the endpoint, its request, its input fields,
its output schema and an example command.

Options:
  --json   print the action as JSON (the same item as in 'chaport list --json')
`;

export const RUN_HELP = `Usage: chaport run <key> [--input JSON | --input @FILE | --input -] [--json] [--compact]
       chaport run <list-key> --all|--jsonl [--max-pages N] [--max-records N] [--input ...]

Runs one action and prints its output as JSON on stdout. The input is checked against the
action's input schema first; when it fails, nothing is sent and the exit code is 2.

Options:
  --input JSON    the input object, e.g. --input '{"visitorId":"67db74c36679c4267a1c2af1"}' (default {})
  --input @FILE   read the input from FILE
  --input -       read the input from standard input
  --json          also print a failure as {"error":{...}} on stdout
  --compact       print the output on one line

Paging (list actions):
  --all             fetch every page; print {"records":[...],"cursor"?,"pages","complete","stopReason"},
                    written as the pages arrive (stopReason: no_next_page, empty_page, max_pages,
                    max_records, loop_detected or error; cursor resumes a run that did not complete)
  --jsonl           like --all, but one record per line on stdout and the summary on stderr
  --max-pages N     stop after N pages (default ${DEFAULT_MAX_PAGES})
  --max-records N   stop after N records
  A progress line is shown on stderr when it is a terminal.

Without --all, a list action returns one page, {"records":[...],"cursor":"..."}; pass the cursor
back in the input to get the next page. 'chaport run <key> --help' describes that action's input.
`;

export const SANDBOX_HELP = `Usage: chaport sandbox [--port N] [--host H] [--seed N] [--visitors N] [--page-size N]
                       [--token T] [--latency MS] [--failure-rate F] [--rate-limit N] [--verbose]

Runs a local, stateful simulation of the Chaport REST API until Ctrl-C, and prints the two export
lines that point the CLI and the library at it. Data is realistic and the same for the same seed.

Options:
  --port N           port to listen on (default 4010; 0 picks a free one)
  --host H           address to bind (default 127.0.0.1)
  --seed N           seed of the generated data (default 1)
  --visitors N       number of visitors (default 1000)
  --page-size N      visitors per page of GET /visitors (default 50)
  --token T          the token clients must send (default: a random one)
  --latency MS       delay every answer by MS milliseconds
  --failure-rate F   answer this share of requests (0 to 1) with 503
  --rate-limit N     allow N requests per second; more get 429 with Retry-After
  --verbose          log every request on stderr
`;

export const REQUEST_HELP = `Usage: chaport request <path> [-X METHOD] [-H 'Name: value']... [-d BODY|@FILE|-] [--json | --rawData]
                       [--query k=v]... [--pathParam k=v]... [-i]

Sends a raw request to the Chaport API below the base URL, with the token added, for what no action
covers. The reply's body goes to stdout (pretty JSON when it is JSON, the bytes unchanged otherwise);
a non-2xx reply still prints its body, and the exit code says what happened (1, 3 or 4).

Options:
  -X, --method M        GET (default), POST, PUT, PATCH, DELETE, ...
  -H, --header 'N: v'   a request header (repeatable); an Authorization header is replaced by the token's
  -d, --data BODY       the request body; @FILE reads a file, - reads standard input
      --json            send -d as JSON (it must parse) with Content-Type: application/json
      --rawData         send -d exactly as given, with no content type added
      --query k=v       a query parameter (repeatable)
      --pathParam k=v   fills {k} in the path, percent-encoded (repeatable)
  -i, --include         print the request line and the headers the connector set, then the reply's
                        status line and headers, on stderr (the token is shown as [REDACTED])

The path stays below the base URL: absolute URLs, //host, dot segments (encoded or not), backslashes
and line breaks in headers are refused with exit code 2, and nothing is sent. A leading /api/v1 is
accepted, so links from Chaport's replies can be used as they are. Reads are retried like actions;
writes only when the method is idempotent (PUT, DELETE).

Examples:
  chaport request /visitors --query page=2
  chaport request /visitors/{visitorId} --pathParam visitorId=67db74c36679c4267a1c2af1 -i
  chaport request /messages -X POST --json -d '{"visitorId":"…","chatEvent":{"type":"operator-message","params":{"text":"Hi","operatorId":"…"}}}'
`;

export const PROXY_HELP = `Usage: chaport proxy [--port N] [--verbose]

Listens on 127.0.0.1 and forwards every request under /api/v1/ to Chaport (CHAPORT_BASE_URL or
CHAPORT_REGION) with the token added, so that any HTTP client can use the API without holding the
token. Each request must carry the access key printed at start in the x-chaport-proxy-key header;
without it the proxy answers 401, so other local processes cannot borrow the token.

Options:
  --port N    port to listen on (default 4011; 0 picks a free one)
  --verbose   log every request on stderr

The access key is random unless CHAPORT_PROXY_KEY holds one (16 characters or more); it is not taken
as a flag, where other processes could read it.

Example:
  eval "$(chaport proxy &)"   # or copy the two export lines it prints
  curl -H "x-chaport-proxy-key: $CHAPORT_PROXY_KEY" "$CHAPORT_PROXY_URL/visitors?page=2"
`;
