/**
 * What the vendor pages state for each command, as data kept apart from the catalogue, so the
 * catalogue tests compare the rows with something the rows were not written from: the request
 * path on each family, the documented maximum of accounts per request, the documented call rate
 * and the page these come from (`1047/…` = tencentcloud.com intl, `269/…` = cloud.tencent.com CN).
 *
 * One entry per command; test/unit/api/endpoints.test.ts fails when a catalogue row has no entry
 * here or an entry has no row. Where the pages disagree the value is the catalogue's documented
 * choice (batch: 30/s, see docs/api.md "Choices").
 */
import type { EndpointKey } from "../../src/api/mod.ts"

/** One command as its vendor page documents it. */
export interface DocumentedEndpoint {
  readonly key: EndpointKey
  /** The request path on the current family (`v4/timpush/…`, accounts `v4/im_open_login_svc/…`). */
  readonly timpush: string
  /** The path on the legacy `all_member_push` family; absent where that family has no such command. */
  readonly legacy?: string
  /** The documented maximum of accounts in one request, where the page states one. */
  readonly maxAccounts?: number
  /** The documented call rate, `limit/window`. */
  readonly rate: string
  /** The page the entry follows. */
  readonly page: string
}

const account = (cmd: string) => `v4/im_open_login_svc/${cmd}`

/** Every command. */
export const documentedEndpoints: ReadonlyArray<DocumentedEndpoint> = [
  { key: "set_attr_name", timpush: "v4/timpush/set_attr_name", legacy: "v4/all_member_push/im_set_attr_name", rate: "100/1 second", page: "1047/60563" },
  { key: "get_attr_name", timpush: "v4/timpush/get_attr_name", legacy: "v4/all_member_push/im_get_attr_name", rate: "100/1 second", page: "1047/60562" },
  { key: "get_attr", timpush: "v4/timpush/get_attr", legacy: "v4/all_member_push/im_get_attr", maxAccounts: 100, rate: "100/1 second", page: "1047/60564" },
  { key: "set_attr", timpush: "v4/timpush/set_attr", legacy: "v4/all_member_push/im_set_attr", maxAccounts: 100, rate: "100/1 second", page: "1047/60565" },
  { key: "remove_attr", timpush: "v4/timpush/remove_attr", legacy: "v4/all_member_push/im_remove_attr", maxAccounts: 100, rate: "100/1 second", page: "1047/60566" },
  { key: "get_tag", timpush: "v4/timpush/get_tag", legacy: "v4/all_member_push/im_get_tag", maxAccounts: 100, rate: "100/1 second", page: "1047/60567" },
  { key: "add_tag", timpush: "v4/timpush/add_tag", legacy: "v4/all_member_push/im_add_tag", maxAccounts: 100, rate: "100/1 second", page: "1047/60568" },
  { key: "remove_tag", timpush: "v4/timpush/remove_tag", legacy: "v4/all_member_push/im_remove_tag", maxAccounts: 100, rate: "100/1 second", page: "1047/60569" },
  // The legacy family names "delete all tags" differently.
  { key: "clear_all_tags", timpush: "v4/timpush/clear_all_tags", legacy: "v4/all_member_push/im_remove_all_tags", maxAccounts: 100, rate: "100/1 second", page: "1047/60570" },
  { key: "push", timpush: "v4/timpush/push", legacy: "v4/all_member_push/im_push", rate: "1/1 second", page: "1047/60561" },
  { key: "revoke", timpush: "v4/timpush/revoke", rate: "1/1 second", page: "1047/60571" },
  { key: "batch", timpush: "v4/timpush/batch", maxAccounts: 500, rate: "30/1 second", page: "1047/67553" },
  { key: "account_import", timpush: account("account_import"), legacy: account("account_import"), rate: "200/1 second", page: "1047/34953" },
  { key: "multiaccount_import", timpush: account("multiaccount_import"), legacy: account("multiaccount_import"), maxAccounts: 100, rate: "100/1 second", page: "1047/34954" },
  { key: "account_delete", timpush: account("account_delete"), legacy: account("account_delete"), maxAccounts: 100, rate: "100/1 second", page: "1047/34955" },
  { key: "account_check", timpush: account("account_check"), legacy: account("account_check"), maxAccounts: 100, rate: "100/1 second", page: "1047/34956" },
  // Scheduled push tasks and push statistics exist on timpush only (docs/protocol/push-lifecycle.md).
  { key: "add_sched_task", timpush: "v4/timpush/add_sched_task", rate: "5/1 second", page: "1047/78839" },
  { key: "modify_sched_task", timpush: "v4/timpush/modify_sched_task", rate: "5/1 second", page: "1047/78840" },
  { key: "delete_sched_task", timpush: "v4/timpush/delete_sched_task", rate: "5/1 second", page: "1047/78841" },
  { key: "get_sched_task", timpush: "v4/timpush/get_sched_task", rate: "5/1 second", page: "1047/78842" },
  { key: "list_sched_task", timpush: "v4/timpush/list_sched_task", rate: "5/1 second", page: "1047/78843" },
  { key: "all_member_push_statistics", timpush: "v4/timpush/all_member_push_statistics", rate: "1/1 second", page: "1047/71894" },
  { key: "all_member_push_loss", timpush: "v4/timpush/all_member_push_loss", rate: "1/1 second", page: "1047/71895" },
  { key: "all_member_push_trace", timpush: "v4/timpush/all_member_push_trace", rate: "1/1 second", page: "1047/71893" },
  { key: "normal_push_statistics", timpush: "v4/timpush/normal_push_statistics", rate: "1/1 second", page: "1047/71897" },
  { key: "normal_push_loss", timpush: "v4/timpush/normal_push_loss", rate: "1/1 second", page: "1047/71898" },
  { key: "normal_push_trace", timpush: "v4/timpush/normal_push_trace", rate: "1/1 second", page: "1047/71896" },
]
