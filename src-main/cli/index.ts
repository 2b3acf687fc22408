// CLI entry. The wasm runtime installs handlers that rethrow unhandled errors
// with its whole source; exit explicitly so the CLI always ends with our line.
import { main } from './main';

process.exit(await main(process.argv.slice(2)));
