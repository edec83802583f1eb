import { CalendarFeed, type ClassExportKey, type ImportDecisionsInput, ImportPreview, ImportResult } from '../../../contracts';
import { api } from '../../api/client';
import { downloadFile, uploadForm } from './transfer';

// The roster import, export and calendar endpoints, typed from the contracts.
export const rosterIo = {
  /** With decisions: the mapping, corrections and sheet chosen so far, checked again. */
  preview: (classId: number, file: File, onProgress?: (sent: number) => void, decisions?: ImportDecisionsInput) => {
    const form = new FormData();
    form.append('file', file, file.name);
    if (decisions) form.append('decisions', JSON.stringify(decisions));
    return uploadForm(`/api/v1/classes/${classId}/roster-import/preview`, form, { schema: ImportPreview, onProgress });
  },
  commit: (classId: number, file: File, decisions: ImportDecisionsInput, onProgress?: (sent: number) => void) => {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('decisions', JSON.stringify(decisions));
    return uploadForm(`/api/v1/classes/${classId}/roster-import/commit`, form, { schema: ImportResult, onProgress });
  },
  template: (classId: number) => downloadFile(`/api/v1/classes/${classId}/roster-import/template`, 'template.xlsx'),
  classDocument: (classId: number, key: ClassExportKey) => downloadFile(`/api/v1/classes/${classId}/exports/${key}`, key),
  signInSheet: (sessionId: number) => downloadFile(`/api/v1/sessions/${sessionId}/exports/sign-in.pdf`, 'sign-in.pdf'),
  signInSheetsOfDay: (classId: number, date: string) => downloadFile(`/api/v1/classes/${classId}/exports/sign-in.pdf?date=${date}`, 'sign-in.pdf'),
  classFeed: (classId: number) => api('GET', `/api/v1/classes/${classId}/calendar-feed`, { schema: CalendarFeed }),
  createClassFeed: (classId: number) => api('POST', `/api/v1/classes/${classId}/calendar-feed`, { schema: CalendarFeed }),
  rotateClassFeed: (classId: number) => api('POST', `/api/v1/classes/${classId}/calendar-feed/rotate`, { schema: CalendarFeed }),
};
