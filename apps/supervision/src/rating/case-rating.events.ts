/** Stars of a rating (好差评): 5 very satisfied … 1 very dissatisfied; 1 and 2 are bad ratings (差评). */
export type Stars = 1 | 2 | 3 | 4 | 5;

export interface RatingRef {
  readonly caseKey: string;
  readonly service: string;
  readonly caseId: string;
  readonly itemCode: string;
  /** The department that handled the case and owns any rectification. */
  readonly department: string;
}

export interface CaseRated extends RatingRef {
  readonly stars: Stars;
  /** Free text of the applicant; kept in supervision, not published. */
  readonly comment: string | null;
  readonly ratedAt: string;
}

export interface RectificationOpened extends RatingRef {
  readonly stars: Stars;
  readonly openedAt: string;
  /** The last working day of the rectification limit, and the first instant past it. */
  readonly dueDate: string;
  readonly dueAt: string;
}

export interface RectificationClosed extends RatingRef {
  readonly closedAt: string;
  readonly resolution: string;
  /** Closed at or after the deadline. */
  readonly late: boolean;
}

export type CaseRatingEvent =
  | { readonly type: 'CaseRated'; readonly data: CaseRated }
  | { readonly type: 'RectificationOpened'; readonly data: RectificationOpened }
  | { readonly type: 'RectificationClosed'; readonly data: RectificationClosed };

export interface RateCase extends RatingRef {
  readonly stars: number;
  readonly comment: string | null;
  readonly ratedAt: string;
  /** The caller's token party id is among the case's applicants. */
  readonly byApplicant: boolean;
  /** The case has been decided (or completed): there is a result to rate. */
  readonly caseDecided: boolean;
}

export interface CloseRectification {
  readonly closedAt: string;
  readonly resolution: string;
  /** The clerk's department, from their token. */
  readonly department: string;
}

export type CaseRatingCommand = { readonly type: 'RateCase'; readonly data: RateCase } | { readonly type: 'CloseRectification'; readonly data: CloseRectification };
