/** The action's entry point: dist/index.js runs this and nothing else. */
import { run } from './main.js'

void run()
