using MediaBroker.Conf;

namespace MediaBroker.Forward;

/// <summary>One running <c>forward</c> item of a path: its conf, its position in the path's list, and its session.</summary>
public sealed record ForwardDest(string PathName, ForwardConf Conf, int Pos, PushSession Session);
