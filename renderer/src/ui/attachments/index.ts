/**
 * Files of a record, for every feature (交办件, 公文, 通知): the HTTP client, the picker that
 * uploads as soon as a file is chosen, and the list with download buttons.
 */
export { AttachmentList } from './AttachmentList'
export { AttachmentUpload } from './AttachmentUpload'
export * from './client'
export { attachErrorText, useAttachmentClient } from './useAttachmentClient'
