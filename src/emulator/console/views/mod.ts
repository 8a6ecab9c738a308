/**
 * The console's tabs, in order. A new view is one file in this folder plus one line here (see
 * view.ts for the contract).
 *
 * @module
 */
import { accountsView } from "./accounts.ts"
import { callbacksView } from "./callbacks.ts"
import { faultsView } from "./faults.ts"
import { overviewView } from "./overview.ts"
import { requestsView } from "./requests.ts"
import { stateView } from "./state.ts"
import { tasksView } from "./tasks.ts"
import type { ConsoleView } from "./view.ts"

export const consoleViews: ReadonlyArray<ConsoleView> = [overviewView, requestsView, tasksView, callbacksView, accountsView, faultsView, stateView]
