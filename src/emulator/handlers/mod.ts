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
}
