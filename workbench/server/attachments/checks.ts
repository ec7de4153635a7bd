/**
 * What an attachment upload must be: a named file of an allowed kind (PDF,
 * images, office documents, plain text), whose bytes are what its name and
 * type say, no larger than WORKBENCH_MAX_ATTACHMENT_BYTES. Uploads arrive as
 * JSON `{ name, contentType, contentBase64, description? }`.
 */
import type { FieldError } from '../../api-types.ts';

interface AllowedType {
  readonly extensions: readonly string[];
  readonly label: string;
  /** Leading bytes every such file starts with; absent for text. */
  readonly magic?: readonly (readonly number[])[];
}

const PDF = [[0x25, 0x50, 0x44, 0x46]]; // %PDF
const ZIP = [[0x50, 0x4b, 0x03, 0x04]]; // OOXML and ODF are zip files
const OLE = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]]; // legacy Office

export const ALLOWED_ATTACHMENT_TYPES: Readonly<Record<string, AllowedType>> = {
  'application/pdf': { extensions: ['pdf'], label: 'PDF', magic: PDF },
  'image/png': { extensions: ['png'], label: 'PNG', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], label: 'JPEG', magic: [[0xff, 0xd8, 0xff]] },
  'image/gif': { extensions: ['gif'], label: 'GIF', magic: [[0x47, 0x49, 0x46, 0x38]] },
  'image/webp': { extensions: ['webp'], label: 'WebP', magic: [[0x52, 0x49, 0x46, 0x46]] },
  'application/msword': { extensions: ['doc'], label: 'Word', magic: OLE },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], label: 'Word', magic: ZIP },
  'application/vnd.ms-excel': { extensions: ['xls'], label: 'Excel', magic: OLE },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { extensions: ['xlsx'], label: 'Excel', magic: ZIP },
  'application/vnd.ms-powerpoint': { extensions: ['ppt'], label: 'PowerPoint', magic: OLE },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { extensions: ['pptx'], label: 'PowerPoint', magic: ZIP },
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'], label: 'OpenDocument', magic: ZIP },
  'application/vnd.oasis.opendocument.spreadsheet': { extensions: ['ods'], label: 'OpenDocument', magic: ZIP },
  'application/vnd.oasis.opendocument.presentation': { extensions: ['odp'], label: 'OpenDocument', magic: ZIP },
  'text/plain': { extensions: ['txt'], label: '文本', magic: undefined },
  'text/csv': { extensions: ['csv'], label: 'CSV', magic: undefined },
};

const ALLOWED_LIST_ZH = 'PDF、图片（PNG/JPEG/GIF/WebP）、Word/Excel/PowerPoint/OpenDocument 文档、纯文本';
const ALLOWED_LIST_EN = 'PDF, images (PNG/JPEG/GIF/WebP), Word/Excel/PowerPoint/OpenDocument documents, plain text';

/** The engine keeps an attachment's name and description in 255- and 4000-character columns. */
const MAX_NAME_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 4000;

export interface CheckedAttachment {
  readonly name: string;
  readonly contentType: string;
  readonly description: string | null;
  readonly content: Buffer;
}

export type AttachmentCheck =
  | { readonly ok: true; readonly attachment: CheckedAttachment }
  | { readonly ok: false; readonly status: 400 | 413; readonly fields: FieldError[] };

export function normaliseContentType(value: string): string {
  return value.split(';')[0]!.trim().toLowerCase();
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

function startsWith(content: Buffer, magic: readonly number[]): boolean {
  return magic.every((byte, index) => content[index] === byte);
}

/** Text holds no NUL bytes, whether UTF-8 or the GB18030 of older Chinese office software, so only that is checked. */
function looksLikeText(content: Buffer): boolean {
  return !content.includes(0);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function checkAttachment(body: unknown, maxBytes: number): AttachmentCheck {
  const upload = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const fields: FieldError[] = [];
  const { name, contentType, contentBase64, description } = upload;

  const fileName = typeof name === 'string' ? name.trim() : '';
  if (!fileName) {
    fields.push({ field: 'name', zh: '请提供文件名', en: 'send the file name' });
  } else if (fileName.length > MAX_NAME_LENGTH || /[\\/\u0000-\u001f]/.test(fileName)) {
    fields.push({
      field: 'name',
      zh: `文件名不能含路径分隔符或控制字符，且不超过 ${MAX_NAME_LENGTH} 个字符`,
      en: `the file name must hold no path separators or control characters and at most ${MAX_NAME_LENGTH} characters`,
    });
  }

  const type = typeof contentType === 'string' ? normaliseContentType(contentType) : '';
  const allowed = ALLOWED_ATTACHMENT_TYPES[type];
  if (!allowed) {
    fields.push({
      field: 'contentType',
      zh: `不支持的文件类型${type ? `“${type}”` : ''}；可上传：${ALLOWED_LIST_ZH}`,
      en: `file type ${type ? `"${type}" ` : ''}is not accepted; allowed: ${ALLOWED_LIST_EN}`,
    });
  } else if (fileName && !allowed.extensions.includes(extensionOf(fileName))) {
    fields.push({
      field: 'name',
      zh: `文件扩展名与类型 ${allowed.label} 不符，应为 .${allowed.extensions.join(' / .')}`,
      en: `the file extension does not match the type ${allowed.label}; expected .${allowed.extensions.join(' / .')}`,
    });
  }

  if (description !== undefined && description !== null && (typeof description !== 'string' || description.length > MAX_DESCRIPTION_LENGTH)) {
    fields.push({
      field: 'description',
      zh: `说明应为不超过 ${MAX_DESCRIPTION_LENGTH} 个字符的文字`,
      en: `the description must be text of at most ${MAX_DESCRIPTION_LENGTH} characters`,
    });
  }

  const encoded = typeof contentBase64 === 'string' ? contentBase64.replace(/\s+/g, '') : undefined;
  if (encoded === undefined || encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
    fields.push({ field: 'contentBase64', zh: '文件内容应为 Base64 编码', en: 'the file content must be base64 encoded' });
    return { ok: false, status: 400, fields };
  }
  // Checked on the encoded length first, so an oversized upload is never decoded.
  if (Math.floor((encoded.length * 3) / 4) - (encoded.match(/=+$/)?.[0].length ?? 0) > maxBytes) {
    const megabytes = (maxBytes / 1024 / 1024).toFixed(1);
    return {
      ok: false,
      status: 413,
      fields: [
        ...fields,
        { field: 'contentBase64', zh: `文件超过上限 ${megabytes} MB（${maxBytes} 字节）`, en: `the file exceeds the limit of ${megabytes} MB (${maxBytes} bytes)` },
      ],
    };
  }
  const content = Buffer.from(encoded, 'base64');
  if (content.length === 0) {
    fields.push({ field: 'contentBase64', zh: '文件为空', en: 'the file is empty' });
  } else if (allowed) {
    const matches = allowed.magic ? allowed.magic.some((magic) => startsWith(content, magic)) : looksLikeText(content);
    if (!matches) {
      fields.push({
        field: 'contentBase64',
        zh: `文件内容不是 ${allowed.label} 文件，请检查文件类型`,
        en: `the file content is not a ${allowed.label} file; check the file type`,
      });
    }
  }
  if (fields.length > 0) return { ok: false, status: 400, fields };
  return {
    ok: true,
    attachment: { name: fileName, contentType: type, description: typeof description === 'string' && description.trim() ? description.trim() : null, content },
  };
}

/** Content-Disposition for a download, with the (often Chinese) name in RFC 5987 form and an ASCII fallback. */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The type a download is served as: a stored type we accept, otherwise octet-stream. */
export function downloadContentType(stored: string | null): string {
  const type = stored ? normaliseContentType(stored) : '';
  return ALLOWED_ATTACHMENT_TYPES[type] ? type : 'application/octet-stream';
}
