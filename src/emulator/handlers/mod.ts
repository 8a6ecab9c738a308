/**
 * The handler table. Typed as `HandlerTable` (`{ [K in EndpointKey]: Handler<K> }`), so adding a
 * catalogue row without a handler here is a compile error.
 *
 * @module
 */
import type { HandlerTable } from "./contract.ts"
import { accountCheck, accountDelete, accountImport, multiaccountImport } from "./accounts.ts"
import { getAttr, getAttrName, removeAttr, setAttr, setAttrName } from "./attrs.ts"
import { batch, push, revoke } from "./push.ts"
import { addSchedTask, deleteSchedTask, getSchedTask, listSchedTask, modifySchedTask } from "./sched.ts"
import { allMemberPushLoss, allMemberPushStatistics, allMemberPushTrace, normalPushLoss, normalPushStatistics, normalPushTrace } from "./stats.ts"
import { addTag, clearAllTags, getTag, removeTag } from "./tags.ts"

export const handlers: HandlerTable = {
  set_attr_name: setAttrName,
  get_attr_name: getAttrName,
  get_attr: getAttr,
  set_attr: setAttr,
  remove_attr: removeAttr,
  get_tag: getTag,
  add_tag: addTag,
  remove_tag: removeTag,
  clear_all_tags: clearAllTags,
  push,
  revoke,
  batch,
  account_import: accountImport,
  multiaccount_import: multiaccountImport,
  account_delete: accountDelete,
  account_check: accountCheck,
  add_sched_task: addSchedTask,
  modify_sched_task: modifySchedTask,
  delete_sched_task: deleteSchedTask,
  get_sched_task: getSchedTask,
  list_sched_task: listSchedTask,
  all_member_push_statistics: allMemberPushStatistics,
  all_member_push_loss: allMemberPushLoss,
  all_member_push_trace: allMemberPushTrace,
  normal_push_statistics: normalPushStatistics,
  normal_push_loss: normalPushLoss,
  normal_push_trace: normalPushTrace,
}
