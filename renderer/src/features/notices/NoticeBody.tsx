/**
 * The notice body's editor: the same collaborative rich-text editor as 公文
 * (components/RichTextEditor.tsx), bound to the notice room's `body` fragment.
 */
export { RichTextEditor as NoticeBodyEditor } from '@renderer/ui/RichTextEditor'
